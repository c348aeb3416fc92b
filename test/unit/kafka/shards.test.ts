// Kafka with several handler workers per node: logs sharded by key, one replication link per peer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import kafka from '../../../src/challenges/kafka.js';
import { FakeClock, shardOf, type Node } from '../../../src/node/index.js';
import { settle, startWorkers, type WorkerLine } from '../runtime/helpers.js';

/** A key that worker `worker` of `count` owns. */
function keyOwnedBy(worker: number, count: number, after = -1): string {
  for (let i = after + 1; ; i++) if (shardOf(String(i), count) === worker) return String(i);
}

/**
 * Nodes n0 and n1 with `count` workers each. Client requests land on the worker the test names;
 * server messages wait in `wire` until `deliver()`, which hands each to the last worker (a frame
 * for the link worker must find its way there, as main spreads input round-robin).
 */
async function cluster(count: number) {
  const clock = new FakeClock();
  const ids = ['n0', 'n1'];
  const wire: WorkerLine[] = [];
  const replies = new Map<number, WorkerLine>();
  const workers = new Map<string, Awaited<ReturnType<typeof startWorkers>>>();
  for (const id of ids) {
    workers.set(id, await startWorkers(kafka, count, {
      clock,
      output: (l) => (l.dest.startsWith('n') ? wire.push(l) : replies.set(l.body.in_reply_to as number, l)),
    }));
  }
  const nodes = (id: string): Node[] => workers.get(id)!.nodes;
  let msgId = 0;
  const request = async (id: string, worker: number, body: Record<string, unknown>) => {
    const sent = ++msgId;
    nodes(id)[worker].receive(JSON.stringify({ src: 'c1', dest: id, body: { ...body, msg_id: sent } }));
    for (let i = 0; i < 20 && !replies.has(sent); i++) await settle();
    return replies.get(sent)!;
  };
  for (const id of ids) for (const node of nodes(id)) node.receive(JSON.stringify({ src: 'c0', dest: id, body: { type: 'init', node_id: id, node_ids: ids, msg_id: 0 } }));
  await settle();
  const deliver = async (filter: (l: WorkerLine) => boolean = () => true) => {
    await settle();
    for (const l of wire.splice(0)) if (filter(l)) nodes(l.dest).at(-1)!.receive(JSON.stringify({ src: l.src, dest: l.dest, body: l.body }));
    await settle();
  };
  const tick = async (rounds = 1) => {
    for (let i = 0; i < rounds; i++) {
      clock.advance(50);
      await deliver();
    }
  };
  return { clock, request, deliver, tick, wire, drop: (id: string, worker: number, yes = true) => workers.get(id)!.drop(worker, yes) };
}

test('with 2 workers a send is answered by the worker that owns its key, wherever it lands, and offsets stay per key', async () => {
  const { request } = await cluster(2);
  const [k0, k1] = [keyOwnedBy(0, 2), keyOwnedBy(1, 2)];
  const a = await request('n0', 0, { type: 'send', key: k1, msg: 'a' });
  const b = await request('n0', 1, { type: 'send', key: k0, msg: 'b' });
  const c = await request('n0', 1, { type: 'send', key: k1, msg: 'c' });
  assert.deepEqual([a.worker, a.body.type, b.worker, c.worker], [1, 'send_ok', 0, 1]);
  assert.ok((c.body.offset as number) > (a.body.offset as number), 'one log per key: later sends get higher offsets');
});

test('with 4 workers polls, commits and lists over keys of several workers are answered whole, on both nodes after replication', async () => {
  const { request, tick, wire } = await cluster(4);
  const keys = [0, 1, 2, 3].map((w) => keyOwnedBy(w, 4));
  const offsets: Record<string, number> = {};
  for (const [i, key] of keys.entries()) offsets[key] = (await request('n0', i % 4, { type: 'send', key, msg: i })).body.offset as number;
  const from = Object.fromEntries(keys.map((key) => [key, 0]));
  await tick(3);
  for (const [id, worker] of [['n0', 2], ['n1', 3]] as const) {
    const poll = await request(id, worker, { type: 'poll', offsets: from });
    assert.deepEqual(poll.body.msgs, Object.fromEntries(keys.map((key, i) => [key, [[offsets[key], i]]])), `poll on ${id}`);
  }
  assert.equal((await request('n1', 1, { type: 'commit_offsets', offsets })).body.type, 'commit_offsets_ok');
  assert.deepEqual((await request('n1', 2, { type: 'list_committed_offsets', keys: [...keys, 'none'] })).body.offsets, offsets);
  await tick(3);
  assert.deepEqual((await request('n0', 3, { type: 'list_committed_offsets', keys })).body.offsets, offsets, 'commits replicate too');
  assert.equal(wire.length, 0);
});

test('with 4 workers a node still sends each peer one replication frame per tick, from its link worker', async () => {
  const { request, clock, deliver, wire } = await cluster(4);
  for (let i = 0; i < 20; i++) await request('n0', i % 4, { type: 'send', key: String(i), msg: i });
  await settle();
  clock.advance(50);
  await settle();
  const frames = wire.filter((l) => l.src === 'n0');
  assert.equal(frames.length, 1, JSON.stringify(frames.map((f) => f.worker)));
  assert.equal(frames[0].worker, 0);
  assert.equal((frames[0].body.v as unknown[]).filter((item) => (item as unknown[])[0] === 'e').length, 20);
  await deliver();
});

test('a peer frame is acknowledged only once every worker owning its keys has applied it: a worker lost on the way makes the peer resend', async () => {
  const { request, clock, tick, deliver, drop } = await cluster(2);
  const [k0, k1] = [keyOwnedBy(0, 2), keyOwnedBy(1, 2)];
  const o0 = (await request('n0', 0, { type: 'send', key: k0, msg: 'x' })).body.offset;
  const o1 = (await request('n0', 0, { type: 'send', key: k1, msg: 'y' })).body.offset;
  drop('n1', 1); // n1's worker 1 never gets its part of the frame
  clock.advance(50);
  await deliver();
  clock.advance(1000); // the link worker's ask times out: the frame stays unacknowledged
  await deliver();
  drop('n1', 1, false);
  await tick(10); // n0 resends (its timeout, with backoff), n1 applies and acks
  const poll = await request('n1', 0, { type: 'poll', offsets: { [k0]: 0, [k1]: 0 } });
  assert.deepEqual(poll.body.msgs, { [k0]: [[o0, 'x']], [k1]: [[o1, 'y']] });
});

test('a client cannot inject replication items: kafka_publish and kafka_apply from outside the node are unknown types and change nothing', async () => {
  const { request, tick, wire } = await cluster(2);
  const publish = await request('n0', 0, { type: 'kafka_publish', v: [['e', 'k', 0, 'forged', 1], ['f', 'k', 0, 1]] });
  const apply = await request('n0', 1, { type: 'kafka_apply', peer: 'n1', v: [['e', 'k', 1, 'forged', 1], ['f', 'k', 1, 1]] });
  assert.deepEqual([publish.body.code, apply.body.code], [10, 10]);
  await tick(2);
  assert.equal(wire.length, 0, 'nothing was replicated');
  for (const id of ['n0', 'n1']) assert.deepEqual((await request(id, 0, { type: 'poll', offsets: { k: 0 } })).body.msgs, {}, id);
});

test('a shard that died before handing its items to the link worker hands all of them over again once replaced from its journal', async () => {
  const clock = new FakeClock();
  const wire: WorkerLine[] = [];
  const replies: WorkerLine[] = [];
  const { nodes, drop, replace } = await startWorkers(kafka, 2, { clock, journalBytes: 1 << 20, output: (l) => (l.dest === 'n1' ? wire.push(l) : replies.push(l)) });
  const init = JSON.stringify({ src: 'c0', dest: 'n0', body: { type: 'init', node_id: 'n0', node_ids: ['n0', 'n1'], msg_id: 0 } });
  for (const node of nodes) node.receive(init);
  await settle();
  const key = keyOwnedBy(1, 2);
  drop(0); // worker 1's hand-over to the link worker is lost with it
  nodes[1].receive(JSON.stringify({ src: 'c1', dest: 'n0', body: { type: 'send', key, msg: 'm', msg_id: 1 } }));
  await settle();
  const offset = replies.find((l) => l.body.in_reply_to === 1)!.body.offset;
  drop(0, false);
  clock.advance(50);
  await settle();
  const entries = () => wire.flatMap((l) => ((l.body.v ?? []) as unknown[][]).filter((item) => item[0] === 'e'));
  assert.deepEqual(entries(), [], 'the link worker never got the entry');
  await replace(1, init);
  await settle();
  clock.advance(50);
  await settle();
  assert.deepEqual(entries(), [['e', key, offset, 'm', 1]]);
});
