import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Keyword, toEdn, toEdnLine, keywordValue } from '../../../src/harness/edn.js';
import { readEdn, readEdnLines } from '../../../src/harness/edn-read.js';

test('history ops read back as the recorder holds them: type, f and nemesis process as strings, :final? as final', () => {
  const ops = [
    { index: 0, time: 5, type: 'invoke', process: 0, f: 'read', value: null, final: true },
    { index: 1, time: 9, type: 'info', process: 'nemesis', f: 'start-partition', value: [['n1', 'n2'], ['n3']] },
    { index: 2, time: 12, type: 'fail', process: 3, f: 'txn', value: [['r', 1, null], ['w', 2, 3]], error: keywordValue('net-timeout') },
    { index: 3, time: 14, type: 'ok', process: 1, f: 'echo', value: { type: 'echo_ok', echo: 'say "hi"\n\\ ✓', in_reply_to: 7 } },
  ];
  const back = readEdnLines(ops.map((op) => toEdnLine(op)).join('\n') + '\n');
  assert.deepEqual(back.slice(0, 2), ops.slice(0, 2));
  assert.ok((back[2] as { error: unknown }).error instanceof Keyword);
  assert.equal(((back[2] as { error: Keyword }).error).name, 'net-timeout');
  assert.deepEqual(back[3], ops[3]);
});

test('any JSON-like value survives toEdn then readEdn', () => {
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)), fc.string(), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ minLength: 1 }).filter((k) => /^[a-z][a-z0-9-]*$/.test(k) && !['index', 'time', 'type', 'process', 'f'].includes(k)), tie('value'), { maxKeys: 4 })),
  })).value;
  // Through JSON: plain prototypes, as parsed bodies have.
  fc.assert(fc.property(json.map((v) => JSON.parse(JSON.stringify(v)) as unknown), (value) => assert.deepStrictEqual(readEdn(toEdn(value)), value)));
});

test('lists, sets and odd scalars read; garbage is refused with its offset', () => {
  assert.deepEqual(readEdn('{:lost (1 2), :s #{:a}, :n ##NaN, :big 9007199254740993N}'), { lost: [1, 2], s: new Set([new Keyword('a')]), n: NaN, big: 9007199254740992 });
  assert.throws(() => readEdn('{:a 1'), /offset/);
  assert.throws(() => readEdn('[1 2] 3'), /unexpected text/);
  assert.throws(() => readEdn('@foo'), /cannot read/);
});
