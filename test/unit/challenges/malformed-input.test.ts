// Malformed requests and malformed node-to-node messages, against every challenge definition: a
// request with a msg_id gets error 12, a peer message without one is logged and dropped, nothing
// throws inside the node, and nothing it carried changes the node's state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInlineNode, FakeClock, type NodeDefinition } from '../../../src/node/index.js';
import { createLogger } from '../../../src/shared/log.js';
import broadcast, { broadcastNode } from '../../../src/challenges/broadcast.js';
import counter from '../../../src/challenges/counter.js';
import echo from '../../../src/challenges/echo.js';
import kafka from '../../../src/challenges/kafka.js';
import txn from '../../../src/challenges/txn.js';
import uniqueIds from '../../../src/challenges/unique-ids.js';

const line = (src: string, body: object) => JSON.stringify({ src, dest: 'n1', body });

/** n1 of n0..n2, initialised, with its log lines collected. */
async function started(definition: NodeDefinition) {
  const logs: string[] = [];
  const clock = new FakeClock();
  const inline = await createInlineNode(definition, { clock, log: createLogger('debug', (l) => logs.push(l)) });
  inline.receive(line('c0', { type: 'init', msg_id: 1, node_id: 'n1', node_ids: ['n0', 'n1', 'n2'] }));
  await new Promise((resolve) => setImmediate(resolve));
  inline.take();
  return { ...inline, logs, clock };
}

/** Feeds lines, lets async handlers finish, and returns the replies by in_reply_to. */
async function feed(n: Awaited<ReturnType<typeof started>>, ...lines: string[]) {
  n.receive(...lines);
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  return n.take();
}

/** Malformed bodies per definition: client requests (answered with 12) and peer messages (dropped). */
const CASES: Array<{ name: string; definition: NodeDefinition; requests: object[]; peer: object[] }> = [
  { name: 'echo', definition: echo, requests: [{ type: 'echo' }], peer: [] },
  { name: 'unique-ids', definition: uniqueIds, requests: [], peer: [] },
  {
    name: 'broadcast',
    definition: broadcast,
    requests: [
      { type: 'topology' },
      { type: 'topology', topology: { n1: 'n0' } },
      { type: 'broadcast', message: 1.5 },
      { type: 'broadcast', message: 2 ** 40 },
      { type: 'broadcast', message: '5' },
    ],
    peer: [
      { type: 'gossip', s: 'x', v: [5] },
      { type: 'gossip', s: 1, v: [5, '6'] },
      { type: 'gossip', s: 1, v: [2 ** 40] },
      { type: 'gossip', s: 1, v: { 0: 5 } },
      { type: 'gossip', a: [null] },
    ],
  },
  {
    name: 'broadcast (latency mode)',
    definition: broadcastNode('latency'),
    requests: [{ type: 'broadcast', message: 1e300 }],
    peer: [{ type: 'gossip', s: 1.5, v: [5] }, { type: 'gossip', s: 1, v: 5 }],
  },
  { name: 'counter', definition: counter, requests: [{ type: 'add', delta: 1e300 }, { type: 'add', delta: 0.5 }, { type: 'add' }], peer: [] },
  {
    name: 'kafka',
    definition: kafka,
    requests: [
      { type: 'send', key: 5, msg: 1 },
      { type: 'send', key: 'k' },
      { type: 'send', key: 'k', msg: JSON.parse(`${'['.repeat(100)}${']'.repeat(100)}`) }, // deeper than MAX_MSG_DEPTH
      { type: 'poll', offsets: { k: '0' } },
      { type: 'commit_offsets', offsets: [1] },
      { type: 'list_committed_offsets', keys: 'k' },
    ],
    peer: [
      { type: 'kafka_replicate', s: 1, v: [['e', 'k', '0', 5, 1]] },
      { type: 'kafka_replicate', s: 1, v: [['e', 'k', 0, 5, 1], ['f', 'k', 'x', 1]] },
      { type: 'kafka_replicate', s: 'one', v: [['e', 'k', 0, 5, 1]] },
      { type: 'kafka_replicate', v: 'k' },
      { type: 'kafka_replicate', s: 1, v: [['z', 'k', 0]] },
      { type: 'kafka_replicate', a: [1.5] },
    ],
  },
  {
    name: 'txn',
    definition: txn,
    requests: [
      { type: 'txn' },
      { type: 'txn', txn: [['w', 1, 'x']] },
      { type: 'txn', txn: [['w', 1, null]] },
      { type: 'txn', txn: [['w', 1, 5], ['append', 1, 6]] },
      { type: 'txn', txn: [['w', '1', 5]] },
      { type: 'txn', txn: [['w', 1, 5, 6]] },
    ],
    peer: [
      { type: 'txn_replicate', s: 1, v: 'x' },
      { type: 'txn_replicate', s: 1, v: [[1, 5, 'one', 'n0']] },
      { type: 'txn_replicate', s: 1, v: [[1, 5, 1]] },
      { type: 'txn_replicate', s: '1', v: [[1, 5, 1, 'n0']] },
      { type: 'txn_replicate', a: ['x'] },
    ],
  },
];

for (const { name, definition, requests, peer } of CASES) {
  test(`${name}: each malformed request gets one error 12 naming the problem, and changes nothing`, async () => {
    const n = await started(definition);
    const out = await feed(n, ...requests.map((body, i) => line('c1', { ...body, msg_id: 10 + i })));
    assert.deepEqual(out.filter((m) => m.dest === 'c1').map((m) => [m.body.in_reply_to, m.body.type, m.body.code]), requests.map((_, i) => [10 + i, 'error', 12]));
    for (const m of out.filter((m) => m.dest === 'c1')) assert.match(String(m.body.text), /must be|missing/, `a text naming what was expected: ${m.body.text}`);
    assert.deepEqual(n.logs.filter((l) => /\bERROR\b/.test(l)), []);
  });

  if (peer.length === 0) continue;
  test(`${name}: malformed peer messages are logged and dropped, never thrown, and change nothing`, async () => {
    const n = await started(definition);
    const out = await feed(n, ...peer.map((body) => line('n0', body)));
    n.clock.advance(5000);
    const later = [...out, ...n.take()];
    assert.deepEqual(later.filter((m) => m.dest === 'n0' && m.body.type === 'error'), [], 'no error reply to a message without msg_id');
    assert.equal(n.node.counters.dropped, peer.length, 'each one dropped');
    assert.deepEqual(n.logs.filter((l) => /\bERROR\b/.test(l)), []);
    // With a msg_id (a peer, or anyone, asking), the same message is answerable: error 12.
    const asked = await feed(n, line('n0', { ...peer[0], msg_id: 77 }));
    assert.deepEqual(asked.map((m) => [m.dest, m.body.in_reply_to, m.body.code]), [['n0', 77, 12]]);
  });
}

test('broadcast: malformed gossip adds none of its values', async () => {
  const n = await started(broadcastNode('latency'));
  await feed(n, line('n0', { type: 'gossip', s: 1, v: [5, '6'] }), line('n0', { type: 'gossip', s: 'x', v: [7] }));
  const out = await feed(n, line('c1', { type: 'read', msg_id: 2 }));
  assert.deepEqual(out[0].body.messages, []);
});

test('txn: a txn with one malformed micro-op is refused whole: its valid write is not applied', async () => {
  const n = await started(txn);
  await feed(n, line('c1', { type: 'txn', msg_id: 2, txn: [['w', 1, 5], ['w', 1, 'x']] }), line('n0', { type: 'txn_replicate', upto: 1, entries: [[2, 5, 'x', 'n0']], ack: 0 }));
  const out = await feed(n, line('c1', { type: 'txn', msg_id: 3, txn: [['r', 1, null], ['r', 2, null]] }));
  assert.deepEqual(out.find((m) => m.body.in_reply_to === 3)?.body.txn, [['r', 1, null], ['r', 2, null]]);
});

test('kafka: a malformed send or replication batch stores nothing', async () => {
  const n = await started(kafka);
  await feed(n, line('c1', { type: 'send', msg_id: 2, key: 'k' }), line('n0', { type: 'kafka_replicate', s: 1, e: [['k', '0', 5]], f: { k: 0 } }));
  const out = await feed(n, line('c1', { type: 'send', msg_id: 3, key: 'k', msg: 1 }));
  // n1 of 3 allocates in its residue class: had anything been stored at 0, the offset would be 4, not 1.
  assert.deepEqual(out.find((m) => m.body.in_reply_to === 3)?.body, { type: 'send_ok', offset: 1, in_reply_to: 3 });
});
