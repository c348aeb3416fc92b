import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KV, NeighborSender, RpcError, TSO, retry, FakeClock, createInlineNode, defineNode } from '../../../src/node/index.js';
import { createLogger } from '../../../src/shared/log.js';
import { INIT, line, settle, startNode } from './helpers.js';

test('KV clients send Maelstrom service bodies and unwrap the replies', async () => {
  const { node, receive, take } = await startNode(() => {});
  const kv = new KV(node, 'seq-kv');
  const answer = (body: Record<string, unknown>) => {
    const [sent] = take();
    receive(line(sent.dest, { ...body, in_reply_to: sent.body.msg_id }));
    return sent;
  };
  const read = kv.read('k');
  assert.deepEqual(answer({ type: 'read_ok', value: 4 }).body, { type: 'read', key: 'k', msg_id: 1 });
  assert.equal(await read, 4);
  const write = kv.write('k', 5);
  assert.deepEqual(answer({ type: 'write_ok' }).body, { type: 'write', key: 'k', value: 5, msg_id: 2 });
  await write;
  const cas = kv.cas('k', 5, 6, { createIfNotExists: true });
  const sent = answer({ type: 'error', code: 22, text: 'current value 7 is not 5' });
  assert.equal(sent.dest, 'seq-kv');
  assert.deepEqual(sent.body, { type: 'cas', key: 'k', from: 5, to: 6, create_if_not_exists: true, msg_id: 3 });
  await assert.rejects(cas, (e: RpcError) => e.code === 22);
  const missing = kv.readOr('absent', 0);
  answer({ type: 'error', code: 20, text: 'key does not exist' });
  assert.equal(await missing, 0);
  const ts = new TSO(node).ts();
  assert.equal(answer({ type: 'ts_ok', ts: 9 }).dest, 'lin-tso');
  assert.equal(await ts, 9);
});

test('retry retries indefinite failures with backoff and gives up on definite ones at once', async () => {
  const clock = new FakeClock();
  let calls = 0;
  const result = retry(async (attempt) => {
    calls++;
    if (attempt < 3) throw new RpcError(0, 'timeout', 'timeout');
    return 'done';
  }, { clock, minDelayMs: 10 });
  for (let i = 0; i < 10 && calls < 3; i++) {
    await settle();
    clock.advance(50);
  }
  assert.equal(await result, 'done');
  assert.equal(calls, 3);
  calls = 0;
  await assert.rejects(retry(async () => {
    calls++;
    throw new RpcError(22, 'precondition failed');
  }, { clock }), (e: RpcError) => e.code === 22);
  assert.equal(calls, 1);
});

test('a NeighborSender batches values and resends them until the peer acknowledges', async () => {
  const { node, clock, receive, take } = await startNode(() => {});
  const sender = new NeighborSender<number>(node, 'n2', { body: (values) => ({ type: 'gossip', values }), timeoutMs: 100, minBackoffMs: 10, maxBackoffMs: 10 });
  sender.addAll([1, 2]);
  sender.add(3);
  await settle();
  const [first] = take();
  assert.deepEqual(first.body.values, [1, 2, 3], 'values added in one turn go in one message');
  sender.add(4);
  clock.advance(100); // the first attempt times out
  await settle();
  clock.advance(10); // backoff
  await settle();
  const [second] = take();
  assert.deepEqual(second.body.values, [1, 2, 3, 4], 'the unacknowledged batch is resent with what came since');
  receive(line('n2', { type: 'gossip_ok', in_reply_to: second.body.msg_id }));
  await sender.onIdle();
  assert.equal(sender.pending, 0);
  assert.equal(sender.acked, 4);
  assert.equal(sender.failedAttempts, 1);
});

test('a NeighborSender refuses a bad option by name', async () => {
  const { node } = await startNode(() => {});
  assert.throws(() => new NeighborSender(node, 'n2', { body: () => ({ type: 'x' }), maxBatch: 0 }), /maxBatch.*got 0/);
});

test('a handler that throws is answered with crash (13), and its stack goes to the node log', async () => {
  const lines: string[] = [];
  const inline = await createInlineNode(
    defineNode((n) =>
      n.handle('boom', function throwsHere() {
        throw new Error('kaboom');
      }),
    ),
    { clock: new FakeClock(), log: createLogger('info', (l) => lines.push(l)) },
  );
  inline.receive(INIT);
  await settle();
  inline.take();
  inline.receive(line('c1', { type: 'boom', msg_id: 7 }));
  await settle();
  const [reply] = inline.take();
  assert.equal(reply.body.code, 13);
  assert.equal(reply.body.text, 'kaboom');
  const logged = lines.join('');
  assert.match(logged, /handler for boom crashed: Error: kaboom\n\s+at throwsHere/);
});
