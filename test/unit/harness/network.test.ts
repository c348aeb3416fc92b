import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Journal } from '../../../src/harness/net/journal.js';
import { Network, InvalidMessageError, type Delivery } from '../../../src/harness/net/network.js';
import { realClock } from '../../../src/harness/net/clock.js';
import { latencySampler } from '../../../src/harness/net/latency.js';
import { createRng } from '../../../src/harness/rng.js';

function network(latencyMs: number) {
  const journal = new Journal();
  const net = new Network({ clock: realClock(), journal, latency: latencySampler({ mean: latencyMs, dist: 'constant' }, Math.random) });
  const inbox = new Map<string, Delivery[]>();
  const join = (id: string) => {
    inbox.set(id, []);
    net.registerParticipant(id, (m) => inbox.get(id)!.push(m));
  };
  return { net, journal, inbox, join };
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('message ids count from 0 and every send and delivery is journalled', async () => {
  const { net, journal, inbox, join } = network(0);
  join('c0');
  join('n1');
  assert.equal(net.send('c0', 'n1', { type: 'echo', echo: 'a', msg_id: 1 }), 0);
  assert.equal(net.send('n1', 'c0', { type: 'echo_ok', echo: 'a', in_reply_to: 1 }), 1);
  await settle(5);
  assert.deepEqual(inbox.get('n1')!.map((m) => m.id), [0]);
  assert.deepEqual(journal.events.map((e) => [e.kind, e.id]), [['send', 0], ['send', 1], ['recv', 0], ['recv', 1]]);
  net.close();
});

test('a message to or from an id not in the network is refused, as Maelstrom refuses an invalid dest', () => {
  const { net, join } = network(0);
  join('n1');
  assert.throws(() => net.send('n1', 'c9', { type: 'x' }), InvalidMessageError);
  assert.throws(() => net.send('n7', 'n1', { type: 'x' }), InvalidMessageError);
  net.close();
});

test('server-to-server messages wait for their latency; client messages do not', async () => {
  const { net, inbox, join } = network(60);
  for (const id of ['c0', 'n1', 'n2']) join(id);
  net.send('n1', 'n2', { type: 'gossip' });
  net.send('c0', 'n1', { type: 'read' });
  await settle(20);
  assert.equal(inbox.get('n1')!.length, 1, 'the client message is already there');
  assert.equal(inbox.get('n2')!.length, 0, 'the server message is still in flight');
  await settle(70);
  assert.equal(inbox.get('n2')!.length, 1);
  net.close();
});

test('partitions are checked when the pump takes a message: one already taken gets through, one queued behind it is dropped', async () => {
  const { net, journal, inbox, join } = network(30);
  join('n1');
  join('n2');
  net.send('n1', 'n2', { type: 'first' }); // the idle pump takes it at once
  net.send('n1', 'n2', { type: 'second' }); // queued behind it; taken when first is written
  net.partitions.apply(new Map([['n2', new Set(['n1'])]]));
  await settle(60);
  assert.deepEqual(inbox.get('n2')!.map((m) => m.body.type), ['first']);
  assert.equal(journal.events.filter((e) => e.kind === 'recv').length, 1, 'a dropped message has no recv');
  net.partitions.heal();
  net.close();
});

test('a registered in-process participant (a service) receives and replies, paying latency both ways', async () => {
  const { net, inbox, join } = network(20);
  join('n1');
  net.registerParticipant('lin-kv', (m) => net.send('lin-kv', m.src, { type: 'read_ok', value: 1, in_reply_to: m.body.msg_id }));
  const start = performance.now();
  net.send('n1', 'lin-kv', { type: 'read', key: 0, msg_id: 5 });
  while (inbox.get('n1')!.length === 0) await settle(2);
  assert.ok(performance.now() - start >= 38, 'two latency draws for a round trip (each pump sleeps whole ms: 19 of 20)');
  assert.equal(inbox.get('n1')![0].body.in_reply_to, 5);
  net.close();
});

test('latency draws: constant is the mean, uniform is an integer in [0, 2·mean), exponential is truncated', () => {
  const rng = createRng(1);
  const uniform = latencySampler({ mean: 10, dist: 'uniform' }, rng.next);
  const exponential = latencySampler({ mean: 10, dist: 'exponential' }, rng.next);
  const us = Array.from({ length: 2000 }, () => uniform('n1', 'n2'));
  assert.ok(us.every((x) => Number.isInteger(x) && x >= 0 && x < 20));
  assert.ok(new Set(us).size === 20);
  const es = Array.from({ length: 5000 }, () => exponential('n1', 'n2'));
  assert.ok(es.every((x) => Number.isInteger(x) && x >= 0));
  const mean = es.reduce((a, b) => a + b, 0) / es.length;
  assert.ok(mean > 8 && mean < 10.5, `truncated exponential mean ${mean}`);
  assert.equal(latencySampler({ mean: 100, dist: 'constant' }, rng.next)('n1', 'c3'), 0, 'a client is involved: no latency');
});
