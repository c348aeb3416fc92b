import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileBody, matchesShape, shapeNotation, preview, type Shape } from '../../../src/node/validate.js';
import { line, settle, startNode } from './helpers.js';

const txnMop: Shape = { oneOf: [{ tuple: [{ literal: 'r' }, 'int', { oneOf: ['int', 'null'] }] }, { tuple: [{ literal: 'w' }, 'int', 'int'] }] };

test('an int is a safe integer: 1e300, 1.5, NaN, strings and 2^53 are not', () => {
  for (const ok of [0, -0, 3, -5, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) assert.equal(matchesShape(ok, 'int'), true, String(ok));
  for (const bad of [1e300, 1.5, NaN, Infinity, '3', null, true, [1], 2 ** 53]) assert.equal(matchesShape(bad, 'int'), false, String(bad));
});

test('a well-formed body passes, and extra fields are allowed', () => {
  const check = compileBody('add', { delta: 'int' });
  assert.equal(check({ type: 'add', msg_id: 1, delta: 4 }), undefined);
  assert.equal(check({ type: 'add', msg_id: 1, delta: 4, extra: { x: 1 } }), undefined);
});

test('a missing field is named with what was expected', () => {
  const check = compileBody('topology', { topology: { mapOf: { arrayOf: 'string' } } });
  assert.equal(check({ type: 'topology' }), 'topology: topology is missing; expected {string: string[]}');
});

test('a wrong field names the field, the expected type and the value it got', () => {
  const check = compileBody('add', { delta: 'int' });
  assert.equal(check({ type: 'add', delta: 1e300 }), 'add: delta must be int; got 1e+300 (int: an integer within ±(2^53−1))');
  assert.equal(check({ type: 'add', delta: 'x' }), 'add: delta must be int; got "x" (int: an integer within ±(2^53−1))');
});

test('a mismatch deep inside a map or array is located by its path', () => {
  const poll = compileBody('poll', { offsets: { mapOf: 'int' } });
  assert.equal(poll({ type: 'poll', offsets: { a: 1, b: 2.5 } }), 'poll: offsets["b"] must be int; got 2.5 (int: an integer within ±(2^53−1))');
  assert.equal(poll({ type: 'poll', offsets: [1, 2] })?.startsWith('poll: offsets must be {string: int}; got [1,2]'), true);
  const list = compileBody('list_committed_offsets', { keys: { arrayOf: 'string' } });
  assert.equal(list({ type: 'list_committed_offsets', keys: ['a', 7] }), 'list_committed_offsets: keys[1] must be string; got 7');
});

test('a txn accepts reads and int writes, and refuses an unknown micro-op or a non-int write', () => {
  const check = compileBody('txn', { txn: { arrayOf: txnMop } });
  assert.equal(check({ type: 'txn', txn: [['r', 1, null], ['w', 1, 5], ['r', 1, 5]] }), undefined);
  assert.equal(check({ type: 'txn', txn: [] }), undefined);
  assert.match(check({ type: 'txn', txn: [['r', 1, null], ['x', 1, 2]] })!, /^txn: txn\[1\] must be \["r", int, int \| null\] \| \["w", int, int\]; got \["x",1,2\]/);
  assert.match(check({ type: 'txn', txn: [['w', 1, null]] })!, /txn\[0\] must be/);
  assert.match(check({ type: 'txn', txn: [['w', 1, 2, 3]] })!, /txn\[0\] must be/);
  assert.match(check({ type: 'txn', txn: [['w', '1', 2]] })!, /txn\[0\] must be/);
});

test('an optional field may be missing but, when present, must match', () => {
  const check = compileBody('gossip', { s: { optional: 'int' }, v: { optional: { arrayOf: 'int' } } });
  assert.equal(check({ type: 'gossip' }), undefined);
  assert.equal(check({ type: 'gossip', s: 1, v: [1, 2] }), undefined);
  assert.equal(check({ type: 'gossip', v: [1, 'x'] }), 'gossip: v[1] must be int; got "x" (int: an integer within ±(2^53−1))');
});

test('an any field must be present but may be anything, null included', () => {
  const check = compileBody('echo', { echo: 'any' });
  assert.equal(check({ type: 'echo', echo: null }), undefined);
  assert.equal(check({ type: 'echo', echo: { deep: [[]] } }), undefined);
  assert.equal(check({ type: 'echo' }), 'echo: echo is missing; expected any');
});

test('__proto__ and constructor keys in a map are ordinary keys to check', () => {
  const check = compileBody('poll', { offsets: { mapOf: 'int' } });
  const body = JSON.parse('{"type":"poll","offsets":{"__proto__":1,"constructor":2}}');
  assert.equal(check(body), undefined);
  const bad = JSON.parse('{"type":"poll","offsets":{"__proto__":"x"}}');
  assert.match(check(bad)!, /offsets\["__proto__"\] must be int/);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('a value too deep to stringify is still previewed briefly', () => {
  const deep = JSON.parse(`${'['.repeat(50000)}${']'.repeat(50000)}`);
  assert.equal(preview(deep), '[[[[…]]]]');
  const check = compileBody('add', { delta: 'int' });
  assert.match(check({ type: 'add', delta: deep })!, /^add: delta must be int; got \[\[\[\[…\]\]\]\]/);
  assert.ok(preview('x'.repeat(1_000_000)).length < 100);
});

test('a shape that is not a shape fails at compile time, naming where', () => {
  assert.throws(() => compileBody('add', { delta: 'integer' as Shape }), /shape of add\.delta: unknown type "integer"/);
  assert.throws(() => compileBody('x', { f: { arrayOf: 'int', mapOf: 'int' } as unknown as Shape }), /exactly one of/);
  assert.throws(() => compileBody('x', { f: { arrayOf: { optional: 'int' } } }), /optional is only allowed for a body field/);
});

test('notation reads as a type', () => {
  assert.equal(shapeNotation({ arrayOf: txnMop }), '(["r", int, int | null] | ["w", int, int])[]');
  assert.equal(shapeNotation({ mapOf: { arrayOf: 'string' } }), '{string: string[]}');
});

test('a node answers a request that fails its declared shape with error 12 and never runs the handler', async () => {
  let ran = 0;
  const inline = await startNode((node) => {
    node.handle('add', (m) => {
      ran++;
      node.reply(m, { type: 'add_ok' });
    }, { body: { delta: 'int' } });
  });
  inline.receive(
    line('c1', { type: 'add', msg_id: 2, delta: 1e300 }),
    line('c1', { type: 'add', msg_id: 3 }),
    line('n2', { type: 'add', delta: 'x' }),
    line('c1', { type: 'add', msg_id: 4, delta: 2 }),
  );
  await settle();
  const out = inline.take().map((m) => m.body);
  assert.equal(ran, 1, 'only the well-formed add reached the handler');
  assert.deepEqual(out.map((b) => [b.in_reply_to, b.type, b.code]), [[2, 'error', 12], [3, 'error', 12], [4, 'add_ok', undefined]]);
  assert.match(String(out[0].text), /delta must be int; got 1e\+300/);
  assert.equal(inline.node.counters.dropped, 1, 'the malformed add without msg_id is dropped');
});

test('a custom validate runs after the declared fields, and its text is the error text', async () => {
  const inline = await startNode((node) => {
    node.handle('range', (m) => node.reply(m, { type: 'range_ok' }), {
      body: { lo: 'int', hi: 'int' },
      validate: (b) => ((b.lo as number) <= (b.hi as number) ? undefined : 'range: lo must not exceed hi'),
    });
  });
  inline.receive(line('c1', { type: 'range', msg_id: 2, lo: 5, hi: 1 }), line('c1', { type: 'range', msg_id: 3, lo: 'a', hi: 1 }));
  await settle();
  const out = inline.take().map((m) => m.body);
  assert.deepEqual(out.map((b) => [b.code, b.text]), [[12, 'range: lo must not exceed hi'], [12, 'range: lo must be int; got "a" (int: an integer within ±(2^53−1))']]);
});

test('a malformed reply-shaped message (in_reply_to, no waiter) is checked too and never reaches the handler', async () => {
  let ran = 0;
  const inline = await startNode((node) => {
    node.handle('gossip', () => void ran++, { body: { v: { arrayOf: 'int' } } });
  });
  inline.receive(line('n2', { type: 'gossip', in_reply_to: 0, v: 'x' }), line('n2', { type: 'gossip', in_reply_to: 0, v: [1] }));
  await settle();
  assert.equal(ran, 1);
  assert.deepEqual(inline.take(), []);
});

test('a message nested too deep to stringify, without msg_id, is dropped and the lines after it are still handled', async () => {
  const inline = await startNode((node) => {
    node.handle('add', (m) => node.reply(m, { type: 'add_ok' }), { body: { delta: 'int' } });
    node.handle('echo', (m) => node.reply(m, { type: 'echo_ok', echo: m.body.echo }));
  });
  inline.receive(
    `{"src":"c1","dest":"n1","body":{"type":"add","x":${'['.repeat(50000)}${']'.repeat(50000)}}}`,
    `{"src":"c1","dest":"n1","body":{"type":"echo","echo":${'['.repeat(50000)}${']'.repeat(50000)}}}`,
    line('c1', { type: 'add', msg_id: 5, delta: 1 }),
  );
  await settle();
  assert.deepEqual(inline.take().map((m) => [m.body.in_reply_to, m.body.type]), [[5, 'add_ok']]);
  assert.equal(inline.node.counters.dropped, 1);
});

test('maxDepth accepts any value up to that nesting and refuses a deeper one without overflowing', () => {
  const check = compileBody('send', { key: 'string', msg: { maxDepth: 2 } });
  assert.equal(check({ type: 'send', key: 'k', msg: 5 }), undefined);
  assert.equal(check({ type: 'send', key: 'k', msg: [{ a: 1 }] }), undefined);
  assert.match(check({ type: 'send', key: 'k', msg: [[[1]]] })!, /^send: msg must be any \(nested ≤ 2 deep\); got/);
  assert.match(check({ type: 'send', key: 'k' })!, /msg is missing/);
  const deep = JSON.parse(`${'['.repeat(50000)}${']'.repeat(50000)}`);
  assert.match(check({ type: 'send', key: 'k', msg: deep })!, /msg must be any/);
});
