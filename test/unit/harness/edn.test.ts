import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ednFloats, ednList, keywordValue, toEdn, toEdnLine } from '../../../src/harness/edn.js';
import { checkAvailability } from '../../../src/harness/checkers/availability.js';
import { checkCounter } from '../../../src/harness/checkers/counter.js';
import { checkSetFull } from '../../../src/harness/checkers/set-full.js';
import { HistoryBuilder, ms } from './checkers/history-builder.js';

test('a broadcast result prints as Maelstrom prints it', () => {
  const result = {
    'worst-stale': [],
    'duplicated-count': 0,
    'valid?': true,
    'lost-count': 0,
    lost: [],
    'stable-count': 99,
    'stable-latencies': new Map([[0, 0], [0.5, 0], [0.95, 0], [0.99, 0], [1, 0]]),
    duplicated: {},
  };
  // Too long for one line, so one entry per line, as fipp would break it.
  assert.equal(
    toEdn(result),
    [
      '{:worst-stale [],',
      ' :duplicated-count 0,',
      ' :valid? true,',
      ' :lost-count 0,',
      ' :lost [],',
      ' :stable-count 99,',
      ' :stable-latencies {0 0, 0.5 0, 0.95 0, 0.99 0, 1 0},',
      ' :duplicated {}}',
    ].join('\n'),
  );
  assert.equal(toEdn({ 'stable-latencies': result['stable-latencies'] }), '{:stable-latencies {0 0, 0.5 0, 0.95 0, 0.99 0, 1 0}}');
});

test('valid? unknown is the keyword :unknown, but the same string elsewhere stays a string', () => {
  assert.equal(toEdn({ 'valid?': 'unknown', note: 'unknown' }), '{:valid? :unknown, :note "unknown"}');
});

test('scalars: nil, strings escaped, floats keep their point, keyword values', () => {
  assert.equal(toEdn([null, undefined, 'say "hi"\n\\', 2.2, 65.121605, -3, keywordValue('network-healed')]), '[nil nil "say \\"hi\\"\\n\\\\" 2.2 65.121605 -3 :network-healed]');
  assert.equal(toEdn(new Map<unknown, number>([['n1-3', 2], [7, 3]])), '{"n1-3" 2, 7 3}');
  assert.equal(toEdn({ 'has space': 1 }), '{"has space" 1}');
  assert.equal(toEdn([18446744073709551615n, { isLosslessNumber: true, value: '9007199254740993' }]), '[18446744073709551615 9007199254740993]');
});

test('history ops print their type and f as keywords', () => {
  const op = { index: 3, time: 1000, type: 'ok', process: 0, f: 'echo', value: { type: 'echo_ok', echo: 'x' } };
  assert.equal(toEdn(op), '{:index 3, :time 1000, :type :ok, :process 0, :f :echo, :value {:type "echo_ok", :echo "x"}}');
  assert.match(toEdn({ ...op, process: 'nemesis' }), /:process :nemesis/);
});

test('long results are broken into one entry per line and still read the same', () => {
  const result = { net: { all: { 'send-count': 110, 'recv-count': 110, 'msg-count': 110, 'msgs-per-op': 2.2 } }, stats: { 'valid?': true, count: 50, 'ok-count': 50, 'fail-count': 0, 'info-count': 0 }, 'valid?': true };
  const text = toEdn(result);
  assert.ok(text.split('\n').length > 1);
  assert.ok(text.split('\n').every((line) => line.length <= 100));
  assert.equal(
    text,
    [
      '{:net {:all {:send-count 110, :recv-count 110, :msg-count 110, :msgs-per-op 2.2}},',
      ' :stats {:valid? true, :count 50, :ok-count 50, :fail-count 0, :info-count 0},',
      ' :valid? true}',
    ].join('\n'),
  );
});

test('toEdnLine is toEdn folded onto one line, for any nesting and length', () => {
  const key = fc.oneof(fc.constantFrom('valid?', 'type', 'f', 'value', 'process', 'index', 'time'), fc.string({ maxLength: 12 }));
  const leaf = fc.oneof(fc.integer(), fc.double({ noNaN: false }), fc.string({ maxLength: 30 }), fc.boolean(), fc.constant(null), fc.constantFrom('unknown', 'ok'));
  const value = fc.letrec((tie) => ({
    any: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object'), tie('map')),
    array: fc.array(tie('any'), { maxLength: 40 }),
    object: fc.dictionary(key, tie('any'), { maxKeys: 8 }),
    map: fc.array(fc.tuple(fc.integer(), tie('any')), { maxLength: 6 }).map((entries) => new Map(entries)),
  })).any;
  fc.assert(fc.property(value, (v) => toEdnLine(v) === toEdn(v).replace(/\n\s*/g, ' ')));
  const read = { index: 7, time: 12, type: 'ok', process: 3, f: 'read', value: Array.from({ length: 5000 }, (_, i) => i * 7) };
  assert.equal(toEdnLine(read), toEdn(read).replace(/\n\s*/g, ' '));
  assert.match(toEdnLine(read), /^\{:index 7, :time 12, :type :ok, :process 3, :f :read, :value \[0 7 14 /);
});

test("Clojure's lists print as (), doubles as 2.0, and a final-phase op's flag as :final?", () => {
  assert.equal(toEdn({ lost: ednList([]), stale: ednList([3, 1]), read: [1, 2] }), '{:lost (), :stale (3 1), :read [1 2]}');
  assert.equal(toEdn(ednFloats({ 'msgs-per-op': 2, 'msg-count': 2 }, 'msgs-per-op')), '{:msgs-per-op 2.0, :msg-count 2}');
  assert.equal(toEdn(ednFloats({ 'ok-fraction': 0.71428573 }, 'ok-fraction')), '{:ok-fraction 0.71428573}');
  const op = { index: 12, time: 5, type: 'invoke', process: 2, f: 'read', value: null, final: true };
  assert.equal(toEdn(op), '{:index 12, :time 5, :type :invoke, :process 2, :f :read, :value nil, :final? true}');
  // The marks are invisible to JSON and to structural equality: results.json and tests see plain data.
  const marked = ednFloats({ lost: ednList([1]), 'msgs-per-op': 2 }, 'msgs-per-op');
  assert.equal(JSON.stringify(marked), '{"lost":[1],"msgs-per-op":2}');
  assert.deepStrictEqual(marked, { lost: [1], 'msgs-per-op': 2 });
  // A broken line keeps the list's parentheses.
  assert.match(toEdn({ lost: ednList(Array.from({ length: 40 }, (_, i) => `element-${i}`)) }), /^\{:lost\n? *\("element-0"\n[^]*"element-39"\)\}$/);
});

test('checkers mark where Maelstrom has lists and doubles: set-full, counter, net, availability', () => {
  const h = new HistoryBuilder();
  h.invoke(0, 'broadcast', 1, ms(0));
  h.ok(0, 'broadcast', 1, ms(1));
  h.invoke(0, 'read', null, ms(2));
  h.add('ok', 0, 'read', [1], ms(3), { final: true });
  const edn = toEdn(checkSetFull(h.ops, { addF: 'broadcast' }));
  assert.match(edn, /:lost \(\)/);
  assert.match(edn, /:never-read \(\)/);
  assert.match(edn, /:worst-stale \(\)/);
  assert.match(toEdn(checkAvailability(h.ops, undefined)), /:ok-fraction 1\.0/);
  const counter = new HistoryBuilder();
  counter.invoke(0, 'add', 2, ms(0));
  counter.ok(0, 'add', 2, ms(1));
  counter.add('invoke', 0, 'read', null, ms(2), { final: true });
  counter.add('ok', 0, 'read', 2, ms(3), { final: true });
  assert.equal(toEdn(checkCounter(counter.ops)), '{:valid? true, :errors nil, :final-reads (2), :acceptable ([2 2])}');
});
