import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInlineNode, defineNode, errorData } from '../../../src/node/index.js';
import { silentLogger } from '../../../src/shared/log.js';
import echo from '../../../src/challenges/echo.js';
import { INIT, line, settle, startNode } from './helpers.js';

const echoSetup = (n: Parameters<Parameters<typeof defineNode>[0]>[0]) => void echo.setup(n);

test('non-JSON lines and messages missing src, dest, body or type without msg_id are dropped silently on stdout', async () => {
  const { node, receive, take } = await startNode(echoSetup);
  receive('garbage', '[1,2]', 'null', '{"dest":"n1","body":{"type":"echo","msg_id":3}}', '{"src":"c1","dest":"n1"}', line('c1', { echo: 1 }), '{"src":"c1","dest":"n1","body":"x"}');
  await settle();
  assert.deepEqual(take(), []);
  assert.equal(node.counters.dropped, 7);
});

test('an answerable request with a broken envelope gets error 12', async () => {
  const { receive, take } = await startNode(echoSetup);
  receive('{"src":"c1","body":{"type":"echo","msg_id":7}}', line('c1', { msg_id: 8 }), line('c1', { type: 'echo', msg_id: 9, in_reply_to: 'x' }));
  await settle();
  const out = take();
  assert.deepEqual(out.map((m) => [m.dest, m.body.type, m.body.code, m.body.in_reply_to]), [
    ['c1', 'error', 12, 7],
    ['c1', 'error', 12, 8],
    ['c1', 'error', 12, 9],
  ]);
});

test('an unknown type gets error 10, including names that live on Object.prototype', async () => {
  const { receive, take } = await startNode(echoSetup);
  receive(line('c1', { type: 'nope', msg_id: 2 }), line('c1', { type: 'constructor', msg_id: 3 }), line('c1', { type: '__proto__', msg_id: 4 }), line('c1', { type: 'toString', msg_id: 5 }));
  await settle();
  assert.deepEqual(take().map((m) => [m.body.code, m.body.in_reply_to]), [[10, 2], [10, 3], [10, 4], [10, 5]]);
});

test('__proto__ and constructor keys in a body change nothing outside that message', async () => {
  const { receive, take } = await startNode(echoSetup);
  receive('{"src":"c1","dest":"n1","body":{"type":"echo","msg_id":2,"echo":1,"__proto__":{"type":"hacked","polluted":true},"constructor":{"prototype":{"polluted":true}}}}');
  receive(line('c1', { type: 'echo', echo: 'after', msg_id: 3 }));
  await settle();
  const out = take();
  assert.deepEqual(out.map((m) => [m.body.type, m.body.echo]), [['echo_ok', 1], ['echo_ok', 'after']]);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
});

test('a handler throwing error data answers with that error; any other throw becomes error 13', async () => {
  const { receive, take } = await startNode((n) => {
    n.handle('data', () => {
      throw errorData(22, 'nope');
    });
    n.handle('bug', () => {
      throw new TypeError('oops');
    });
    n.handle('async-bug', async () => {
      throw new Error('later');
    });
  });
  receive(line('c1', { type: 'data', msg_id: 2 }), line('c1', { type: 'bug', msg_id: 3 }), line('c1', { type: 'async-bug', msg_id: 4 }));
  await settle();
  assert.deepEqual(take().map((m) => [m.body.in_reply_to, m.body.code, m.body.text]), [[2, 22, 'nope'], [3, 13, 'oops'], [4, 13, 'later']]);
});

test('a request before init gets error 11, and init is answered with init_ok', async () => {
  const inline = await createInlineNode(echo, { log: silentLogger });
  inline.receive(line('c1', { type: 'echo', echo: 1, msg_id: 5 }));
  inline.receive(INIT);
  await settle();
  assert.deepEqual(inline.take().map((m) => [m.body.type, m.body.code, m.body.in_reply_to]), [['error', 11, 5], ['init_ok', undefined, 1]]);
  assert.equal(inline.node.id, 'n1');
  assert.deepEqual(inline.node.nodeIds, ['n1', 'n2', 'n3']);
});

test('requests arriving while init hooks run wait until init_ok has been sent', async () => {
  let release!: () => void;
  const inline = await createInlineNode(
    defineNode((n) => {
      n.onInit(() => new Promise<void>((resolve) => (release = resolve)));
      n.handle('echo', (m) => n.reply(m, { type: 'echo_ok', echo: m.body.echo }));
    }),
    { log: silentLogger },
  );
  inline.receive(INIT, line('c1', { type: 'echo', echo: 'x', msg_id: 2 }));
  await settle();
  assert.deepEqual(inline.take(), []);
  release();
  await settle();
  assert.deepEqual(inline.take().map((m) => m.body.type), ['init_ok', 'echo_ok']);
});

test('registering a second handler for a type throws', async () => {
  await startNode((n) => {
    n.handle('x', () => {});
    assert.throws(() => n.handle('x', () => {}), /already registered/);
    assert.throws(() => n.handle('init', () => {}), /onInit/);
  });
});
