import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInlineNode, FakeClock } from '../../../src/node/index.js';
import definition, { broadcastNode } from '../../../src/challenges/broadcast.js';

const init = (id: string, ids: string[]) => JSON.stringify({ src: 'c0', dest: id, body: { type: 'init', msg_id: 1, node_id: id, node_ids: ids } });
const line = (src: string, dest: string, body: object) => JSON.stringify({ src, dest, body });

async function started(args: string[], id = 'n1', ids = ['n0', 'n1', 'n2']) {
  const clock = new FakeClock(0);
  const inline = await createInlineNode(definition, { args, clock });
  inline.receive(init(id, ids));
  await new Promise((resolve) => setImmediate(resolve));
  inline.take();
  return { ...inline, clock };
}

test('topology is acknowledged, broadcast is acknowledged with nothing else in the body, read lists the values', async () => {
  const n = await started(['latency']);
  n.receive(line('c1', 'n1', { type: 'topology', msg_id: 2, topology: { n1: ['n0'] } }));
  n.receive(line('c1', 'n1', { type: 'broadcast', msg_id: 3, message: 42 }));
  n.receive(line('c1', 'n1', { type: 'read', msg_id: 4 }));
  const out = n.take();
  assert.deepEqual(out.find((m) => m.body.in_reply_to === 2)?.body, { type: 'topology_ok', in_reply_to: 2 });
  assert.deepEqual(out.find((m) => m.body.in_reply_to === 3)?.body, { type: 'broadcast_ok', in_reply_to: 3 });
  assert.deepEqual(out.find((m) => m.body.in_reply_to === 4)?.body, { type: 'read_ok', messages: [42], in_reply_to: 4 });
  assert.deepEqual(out.filter((m) => m.body.type === 'gossip').map((m) => m.dest), ['n0', 'n2']);
});

test('received gossip is stored and acknowledged once the ack delay passes with nothing to piggyback on', async () => {
  const n = await started(['latency']);
  n.receive(line('n0', 'n1', { type: 'gossip', s: 1, v: [7] }));
  assert.deepEqual(n.take(), []);
  n.clock.advance(1000);
  assert.deepEqual(n.take(), [{ src: 'n1', dest: 'n0', body: { type: 'gossip', a: [1] } }]);
  n.receive(line('c1', 'n1', { type: 'read', msg_id: 2 }));
  assert.deepEqual(n.take()[0].body.messages, [7]);
});

test('without a mode argument the node runs the default star: a leaf sends only to the hub', async () => {
  const n = await started([]);
  n.receive(line('c1', 'n1', { type: 'broadcast', msg_id: 2, message: 1 }));
  assert.deepEqual(n.take().filter((m) => m.body.type === 'gossip').map((m) => m.dest), ['n0']);
});

test('an unknown mode argument stops the node at setup, naming the value', async () => {
  await assert.rejects(createInlineNode(definition, { args: ['fastest'] }), /broadcast mode: got "fastest"/);
});

test('a fixed-mode definition ignores the arguments', async () => {
  const clock = new FakeClock(0);
  const n = await createInlineNode(broadcastNode('latency'), { args: ['messages'], clock });
  n.receive(init('n1', ['n0', 'n1', 'n2']));
  await new Promise((resolve) => setImmediate(resolve));
  n.take();
  n.receive(line('c1', 'n1', { type: 'broadcast', msg_id: 2, message: 1 }));
  assert.equal(n.take().filter((m) => m.body.type === 'gossip').length, 2);
});

test('with 3 workers any worker answers a broadcast, and worker 0 gossips the new values it is handed, once each, on its links', async () => {
  const { startWorkers, settle } = await import('../runtime/helpers.js');
  const out: Array<{ worker: number; dest: string; body: Record<string, unknown> }> = [];
  const { nodes } = await startWorkers(definition, 3, { clock: new FakeClock(0), output: (l) => out.push(l), args: ['latency'] });
  for (const node of nodes) node.receive(init('n1', ['n0', 'n1', 'n2']));
  await settle();
  out.length = 0;
  nodes[1].receive(line('c1', 'n1', { type: 'broadcast', msg_id: 3, message: 7 }));
  nodes[2].receive(line('c1', 'n1', { type: 'broadcast', msg_id: 4, message: 8 }));
  nodes[2].receive(line('c2', 'n1', { type: 'broadcast', msg_id: 5, message: 7 }));
  await settle();
  assert.deepEqual(out.filter((l) => l.body.type === 'broadcast_ok').map((l) => [l.worker, l.body.in_reply_to]), [[1, 3], [2, 4], [2, 5]]);
  const gossip = out.filter((l) => l.body.type === 'gossip');
  assert.ok(gossip.length > 0 && gossip.every((l) => l.worker === 0), 'only worker 0 gossips');
  for (const peer of ['n0', 'n2']) {
    const values = gossip.filter((l) => l.dest === peer).flatMap((l) => (l.body.v as number[][]).flat());
    assert.deepEqual([...values].sort(), [7, 8], `${peer} gets 7 and 8 once each`);
  }
  nodes[0].receive(line('c1', 'n1', { type: 'read', msg_id: 6 }));
  await settle();
  assert.deepEqual((out.at(-1)!.body.messages as number[]).sort(), [7, 8]);
});
