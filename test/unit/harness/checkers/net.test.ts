import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkNet } from '../../../../src/harness/checkers/net.js';
import type { JournalEvent } from '../../../../src/harness/net/journal.js';
import { HistoryBuilder, ms } from './history-builder.js';

/** A journal writer that numbers messages as the network does. */
class JournalBuilder {
  readonly events: JournalEvent[] = [];
  private nextId = 0;
  private time = 0;

  /** A message sent and, unless dropped, delivered. */
  message(src: string, dest: string, body: unknown, delivered = true): void {
    const id = this.nextId++;
    this.events.push({ kind: 'send', time: this.time++, id, src, dest, body });
    if (delivered) this.events.push({ kind: 'recv', time: this.time++, id, src, dest, body });
  }
}

test('a tiny journal gives exact counts for all, clients and servers', () => {
  const j = new JournalBuilder();
  j.message('c0', 'n0', { type: 'init' });
  j.message('n0', 'c0', { type: 'init_ok' });
  j.message('n0', 'n1', { type: 'gossip' });
  j.message('n1', 'n0', { type: 'gossip' }, false); // dropped by a partition: sent, never received
  j.message('n0', 'lin-kv', { type: 'read' }); // service traffic counts as servers
  const h = new HistoryBuilder();
  h.invoke(0, 'read', null, ms(0));
  h.ok(0, 'read', [], ms(1));
  h.invoke(1, 'read', null, ms(2));
  h.ok(1, 'read', [], ms(3));
  h.invoke('nemesis', 'start-partition', null, ms(4)); // not an op for msgs-per-op
  assert.deepEqual(checkNet(j.events, h.ops), {
    all: { 'send-count': 5, 'recv-count': 4, 'msg-count': 5, 'msgs-per-op': 2.5 },
    clients: { 'send-count': 2, 'recv-count': 2, 'msg-count': 2 },
    servers: { 'send-count': 3, 'recv-count': 2, 'msg-count': 3, 'msgs-per-op': 1.5 },
    'valid?': true,
  });
});

test('echo with 5 nodes and 50 ops is 110 messages, 2.2 per op (SPEC §3.4)', () => {
  const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'];
  const j = new JournalBuilder();
  const h = new HistoryBuilder();
  nodes.forEach((node, i) => {
    j.message(`c${i}`, node, { type: 'init', node_id: node, node_ids: nodes, msg_id: 1 });
    j.message(node, `c${i}`, { type: 'init_ok', in_reply_to: 1 });
  });
  for (let op = 0; op < 50; op++) {
    const thread = op % 5;
    const client = `c${5 + thread}`;
    const text = `Please echo ${op}`;
    h.invoke(thread, 'echo', text, ms(op));
    j.message(client, nodes[thread], { type: 'echo', echo: text });
    j.message(nodes[thread], client, { type: 'echo_ok', echo: text });
    h.ok(thread, 'echo', { type: 'echo_ok', echo: text }, ms(op + 0.5));
  }
  const result = checkNet(j.events, h.ops);
  assert.equal(result.all['msg-count'], 110);
  assert.equal(result.all['msgs-per-op'], 2.2);
  assert.equal(result.clients['msg-count'], 110);
  assert.deepEqual(result.servers, { 'send-count': 0, 'recv-count': 0, 'msg-count': 0, 'msgs-per-op': 0 });
});

test('msgs-per-op is omitted when there were no client invocations', () => {
  const j = new JournalBuilder();
  j.message('c0', 'n0', { type: 'init' });
  const result = checkNet(j.events, []);
  assert.equal('msgs-per-op' in result.all, false);
  assert.equal('msgs-per-op' in result.servers, false);
  assert.equal(result.all['msg-count'], 1);
});
