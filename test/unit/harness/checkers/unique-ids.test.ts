import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkUniqueIds, clojureCompare } from '../../../../src/harness/checkers/unique-ids.js';
import { HistoryBuilder, ms } from './history-builder.js';

/** One generate per id, on process 0, each acknowledged with the given id. */
function generated(ids: unknown[]): HistoryBuilder {
  const h = new HistoryBuilder();
  ids.forEach((id, i) => {
    h.invoke(0, 'generate', null, ms(2 * i));
    h.ok(0, 'generate', id, ms(2 * i + 1));
  });
  return h;
}

test('distinct ids pass, with counts and a range by Clojure compare', () => {
  const h = generated(['n1-9', 'n1-10', 'n0-3']);
  h.invoke(1, 'generate', null, ms(10));
  h.add('fail', 1, 'generate', null, ms(11));
  const result = checkUniqueIds(h.ops);
  assert.equal(result['valid?'], true);
  assert.equal(result['attempted-count'], 4);
  assert.equal(result['acknowledged-count'], 3);
  assert.equal(result['duplicated-count'], 0);
  assert.deepEqual(result.duplicated, new Map());
  // Strings compare by code unit: "n1-10" sorts before "n1-9".
  assert.deepEqual(result.range, ['n0-3', 'n1-9']);
});

test('an id acknowledged twice is a duplicate and fails the check', () => {
  const result = checkUniqueIds(generated([5, 7, 5, 1]).ops);
  assert.equal(result['valid?'], false);
  assert.equal(result['duplicated-count'], 1);
  assert.deepEqual(result.duplicated, new Map([[5, 2]]));
  assert.deepEqual(result.range, [1, 7]);
});

test('only the 48 most repeated ids are listed, in id order', () => {
  const ids: number[] = [];
  for (let id = 0; id < 50; id++) ids.push(id, id);
  ids.push(49, 0, 0); // 0 is seen 4 times, 49 three times, every other id twice
  const result = checkUniqueIds(generated(ids).ops);
  assert.equal(result['duplicated-count'], 50);
  const listed = [...result.duplicated!.keys()];
  assert.equal(listed.length, 48);
  assert.deepEqual(listed, [...listed].sort((a, b) => (a as number) - (b as number)));
  assert.equal(result.duplicated!.get(0), 4);
  assert.equal(result.duplicated!.get(49), 3);
  // Among ids seen twice, Jepsen keeps the larger ones (reverse of a stable sort).
  assert.ok(!result.duplicated!.has(1) && !result.duplicated!.has(2));
});

test('ids that Clojure cannot compare make the verdict unknown', () => {
  for (const ids of [[{ node: 'n1', n: 1 }, { node: 'n1', n: 2 }], [1, 'two']]) {
    const result = checkUniqueIds(generated(ids).ops);
    assert.equal(result['valid?'], 'unknown');
    assert.match(String(result.error), /cannot compare/);
  }
});

test('a lone object id is never compared, so it passes as in Jepsen', () => {
  const result = checkUniqueIds(generated([{ node: 'n1', n: 1 }]).ops);
  assert.equal(result['valid?'], true);
  assert.deepEqual(result.range, [{ node: 'n1', n: 1 }, { node: 'n1', n: 1 }]);
});

test('Clojure compare orders vectors by length before contents, and nil first', () => {
  assert.ok(clojureCompare([9], [1, 1]) < 0);
  assert.ok(clojureCompare([1, 2], [1, 3]) < 0);
  assert.ok(clojureCompare(null, -5) < 0);
  assert.ok(clojureCompare(false, true) < 0);
  assert.equal(clojureCompare(2, 2.0), 0);
  assert.throws(() => clojureCompare({}, {}), TypeError);
});

test('nothing acknowledged gives a nil range and a valid result', () => {
  const h = new HistoryBuilder();
  h.invoke(0, 'generate', null, ms(0));
  h.add('info', 0, 'generate', null, ms(5000), { error: 'net-timeout' });
  const result = checkUniqueIds(h.ops);
  assert.equal(result['valid?'], true);
  assert.deepEqual(result.range, [null, null]);
});

test('64-bit ids parsed exactly (bigint or lossless-json numbers) stay distinct and ordered', () => {
  const big = (text: string) => ({ isLosslessNumber: true, value: text });
  const result = checkUniqueIds(generated([9007199254740993n, 9007199254740992n, big('9007199254740994'), 5]).ops);
  assert.equal(result['valid?'], true);
  assert.deepEqual(result.range, [5, big('9007199254740994')]);
  const duplicate = checkUniqueIds(generated([big('18446744073709551615'), 18446744073709551615n, big('7'), 7]).ops);
  assert.equal(duplicate['duplicated-count'], 2);
  const nested = checkUniqueIds(generated([['n1', 7n], ['n1', 7], ['n1', 9007199254740993n], ['n1', 9007199254740992n]]).ops);
  assert.equal(nested['duplicated-count'], 1, 'only [n1 7] repeats');
});
