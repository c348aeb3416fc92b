import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RpcError, type BaseBody } from '../../../src/node/index.js';
import { line, settle, startNode } from './helpers.js';

test('an rpc resolves with the reply whose in_reply_to matches its msg_id', async () => {
  const { node, receive, take } = await startNode(() => {});
  const reply = node.rpc('n2', { type: 'ping' });
  const [sent] = take();
  assert.deepEqual(sent, { src: 'n1', dest: 'n2', body: { type: 'ping', msg_id: sent.body.msg_id } });
  receive(line('n2', { type: 'pong', in_reply_to: sent.body.msg_id }));
  assert.deepEqual(await reply, { type: 'pong', in_reply_to: sent.body.msg_id });
  assert.equal(node.pendingRpcs, 0);
});

test('an error reply rejects with an RpcError carrying its code and text', async () => {
  const { node, receive, take } = await startNode(() => {});
  const reply = node.rpc('lin-kv', { type: 'read', key: 'k' });
  const [sent] = take();
  receive(line('lin-kv', { type: 'error', code: 20, text: 'key does not exist', in_reply_to: sent.body.msg_id }));
  await assert.rejects(reply, (error: RpcError) => error instanceof RpcError && error.code === 20 && error.text === 'key does not exist' && error.definite);
});

test('an rpc with no reply rejects with code 0 after its timeout and leaves no entry or timer behind', async () => {
  const { node, clock, take } = await startNode(() => {});
  const reply = node.rpc('n2', { type: 'ping' }, { timeoutMs: 100 });
  take();
  assert.equal(clock.pendingTimers, 1);
  clock.advance(99);
  assert.equal(node.pendingRpcs, 1);
  clock.advance(1);
  await assert.rejects(reply, (error: RpcError) => error.code === 0 && error.failure === 'timeout' && !error.definite);
  assert.equal(node.pendingRpcs, 0);
  assert.equal(clock.pendingTimers, 0);
});

test('a reply that arrives after its timeout is ignored', async () => {
  const seen: BaseBody[] = [];
  const { node, clock, receive, take } = await startNode((n) => n.handle('pong', (m) => void seen.push(m.body)));
  const reply = node.rpc('n2', { type: 'ping' }, { timeoutMs: 10 });
  const [sent] = take();
  clock.advance(10);
  await assert.rejects(reply);
  receive(line('n2', { type: 'late', in_reply_to: sent.body.msg_id }));
  await settle();
  assert.deepEqual(take(), [], 'nothing is written in answer to a late reply');
  assert.equal(node.counters.dropped, 0);
});

test('a reply arriving in time clears its timer', async () => {
  const { node, clock, receive, take } = await startNode(() => {});
  const reply = node.rpc('n2', { type: 'ping' }, { timeoutMs: 1000 });
  const [sent] = take();
  receive(line('n2', { type: 'pong', in_reply_to: sent.body.msg_id }));
  await reply;
  assert.equal(clock.pendingTimers, 0);
});

test('aborting an rpc rejects it at once and removes its entry and timer', async () => {
  const { node, clock, receive, take } = await startNode(() => {});
  const controller = new AbortController();
  const reply = node.rpc('n2', { type: 'ping' }, { signal: controller.signal });
  const [sent] = take();
  controller.abort();
  await assert.rejects(reply, (error: RpcError) => error.failure === 'aborted');
  assert.equal(node.pendingRpcs, 0);
  assert.equal(clock.pendingTimers, 0);
  receive(line('n2', { type: 'pong', in_reply_to: sent.body.msg_id }));
  assert.deepEqual(take(), []);
});

test('an rpc with an already-aborted signal is not sent', async () => {
  const { node, take } = await startNode(() => {});
  await assert.rejects(node.rpc('n2', { type: 'ping' }, { signal: AbortSignal.abort() }), (e: RpcError) => e.failure === 'aborted');
  assert.deepEqual(take(), []);
});

test('concurrent rpcs get distinct msg_ids and each gets its own reply', async () => {
  const { node, receive, take } = await startNode(() => {});
  const a = node.rpc('n2', { type: 'a' });
  const b = node.rpc('n3', { type: 'b' });
  const [sa, sb] = take();
  assert.notEqual(sa.body.msg_id, sb.body.msg_id);
  receive(line('n3', { type: 'b_ok', in_reply_to: sb.body.msg_id }), line('n2', { type: 'a_ok', in_reply_to: sa.body.msg_id }));
  assert.equal((await a).type, 'a_ok');
  assert.equal((await b).type, 'b_ok');
});

test('with several workers, msg_ids encode the issuing worker and a reply for another worker is forwarded to it', async () => {
  const { Node, FakeClock, SeenSet } = await import('../../../src/node/index.js');
  const { silentLogger } = await import('../../../src/shared/log.js');
  const out: string[] = [];
  const forwarded: Array<[number, string]> = [];
  const node = new Node({
    output: (l) => out.push(l), forward: (w, l) => void forwarded.push([w, l]),
    clock: new FakeClock(), log: silentLogger, args: [], workerIndex: 1, workerCount: 3, seenSet: SeenSet.create(1),
  });
  node.receive(line('c0', { type: 'init', node_id: 'n1', node_ids: ['n1'], msg_id: 1 }));
  await settle();
  void node.rpc('n2', { type: 'a' }).catch(() => {});
  void node.rpc('n2', { type: 'b' }).catch(() => {});
  const ids = out.slice(1).map((l) => JSON.parse(l).body.msg_id as number);
  assert.deepEqual(ids.map((id) => id % 3), [1, 1]);
  const foreign = line('n2', { type: 'x_ok', in_reply_to: 3 * 7 + 2 });
  node.receive(foreign);
  assert.deepEqual(forwarded, [[2, foreign]]);
});

test('an rpc with a negative timeout rejects without sending', async () => {
  const { node, take } = await startNode(() => {});
  await assert.rejects(node.rpc('n2', { type: 'ping' }, { timeoutMs: -1 }), /timeoutMs must be a non-negative number; got -1/);
  assert.deepEqual(take(), []);
});

test('rpc before init rejects instead of sending from an empty id', async () => {
  const { createInlineNode, defineNode } = await import('../../../src/node/index.js');
  const inline = await createInlineNode(defineNode(() => {}));
  await assert.rejects(inline.node.rpc('n2', { type: 'ping' }), /before init/);
  assert.throws(() => inline.node.send('n2', { type: 'ping' }), /before init/);
  assert.deepEqual(inline.take(), []);
});
