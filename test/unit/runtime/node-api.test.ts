import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KV, NeighborSender, PeerLink, RpcError, TSO, retry, FakeClock, createInlineNode, defineNode } from '../../../src/node/index.js';
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

test('a NeighborSender sends one frame per interval, resends it until acked, and acks the peer\'s frames', async () => {
  const { node, clock, take } = await startNode(() => {});
  const sender = new NeighborSender<number>(node, new PeerLink<number>('n2', { rtoMs: 300 }), { type: 'gossip', intervalMs: 100 });
  sender.addAll([1, 2]);
  sender.add(3);
  await settle();
  assert.deepEqual(take(), [], 'nothing before the interval ends');
  clock.advance(100);
  await settle();
  const [first] = take();
  assert.deepEqual(first, { src: 'n1', dest: 'n2', body: { type: 'gossip', s: 1, v: [1, 2, 3] } }, 'items added in one interval go in one frame');
  sender.add(4);
  clock.advance(100);
  await settle();
  assert.deepEqual(take().map((m) => m.body.v), [[4]]);
  clock.advance(300); // frame 1 times out (frame 2 with it: one timer per link)
  await settle();
  const resent = take();
  assert.deepEqual(resent.map((m) => m.body.v), [[1, 2, 3, 4]], 'the unacknowledged items are resent in one frame');
  assert.deepEqual(sender.receive({ s: 7, v: [9], a: [resent[0].body.s as number] }), [9]);
  clock.advance(100);
  await settle();
  assert.deepEqual(take().map((m) => m.body), [{ type: 'gossip', a: [7] }], 'an ack-only frame when there is nothing else to say');
  await sender.onIdle();
  assert.equal(sender.pending, 0);
  assert.equal(clock.pendingTimers, 0, 'an idle sender keeps no timer');
});

test('a NeighborSender refuses a malformed frame by field, before it settles or owes anything', async () => {
  const { node } = await startNode(() => {});
  const sender = new NeighborSender<number>(node, new PeerLink<number>('n2', { rtoMs: 100 }), { type: 'gossip', intervalMs: 10 });
  sender.add(1);
  for (const [frame, field] of [[{ s: 1.5, v: [1] }, /field s must be an integer/], [{ s: 1, v: 5 }, /field v must be an array/], [{ a: ['1'] }, /field a must be an array of integers/], [null, /must be an object/]] as const) {
    assert.throws(() => sender.receive(frame as never), field);
  }
  assert.equal(sender.link.owesAck, false);
  assert.equal(sender.pending, 1);
});

test('a NeighborSender whose frame cannot be sent logs the failure and still sends what comes next', async () => {
  const logs: string[] = [];
  const clock = new FakeClock();
  let sender!: NeighborSender<unknown>;
  const inline = await createInlineNode(defineNode((node) => node.onInit(() => {
    sender = new NeighborSender(node, new PeerLink<unknown>('n2', { rtoMs: 1000 }), { type: 'gossip', intervalMs: 10 });
  })), { clock, log: createLogger('error', (l) => logs.push(l), 'test') });
  inline.receive(INIT);
  await settle();
  inline.take();
  sender.add(BigInt(1)); // JSON cannot serialise it
  clock.advance(10);
  await settle();
  assert.match(logs.join(''), /gossip to n2: flush failed/);
  sender.add(2);
  clock.advance(10);
  await settle();
  assert.deepEqual(inline.take().map((m) => m.body.v), [[2]]);
});

test('a NeighborSender refuses a bad option by name', async () => {
  const { node } = await startNode(() => {});
  assert.throws(() => new NeighborSender(node, new PeerLink<number>('n2', { rtoMs: 100 }), { type: 'gossip', intervalMs: -1 }), /intervalMs.*got -1/);
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
