import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../src/node/clock.js';
import { BroadcastCore } from '../../../src/challenges/broadcast/core.js';
import type { GossipBody } from '../../../src/challenges/broadcast/wire.js';

const ids = ['n0', 'n1', 'n2', 'n3'];

function star(nodeId: string, clock: FakeClock) {
  const sent: Array<{ at: number; dest: string; body: GossipBody }> = [];
  const core = new BroadcastCore({ nodeId, nodeIds: ids, mode: 'messages', clock, send: (dest, body) => sent.push({ at: clock.now(), dest, body }) });
  return { core, sent };
}

test('a message-mode leaf holds its values until the next grid point and tags the round', () => {
  const clock = new FakeClock(1000);
  const leaf = star('n2', clock);
  leaf.core.broadcast(5);
  leaf.core.broadcast(6);
  assert.deepEqual(leaf.sent, []);
  clock.advance(199);
  assert.deepEqual(leaf.sent, []);
  clock.advance(1);
  assert.deepEqual(leaf.sent, [{ at: 1200, dest: 'n0', body: { type: 'gossip', s: 1, v: [5, 6], r: 1 } }]);
});

test('the hub flushes a round as soon as every leaf of the previous round has sent', () => {
  const clock = new FakeClock(1200 + 110);
  const hub = star('n0', clock);
  // Round 1 (grid point 1200) arrives 110 ms late; the hub does not know whom to expect yet, so it
  // flushes at its deadline: the observed delay plus the 150 ms margin.
  for (const leaf of ['n1', 'n2', 'n3']) hub.core.receive(leaf, { type: 'gossip', s: 1, v: [Number(leaf[1])], r: 1 });
  clock.advance(1200 + 259 - clock.now());
  assert.equal(hub.sent.length, 0, 'no flush before the deadline of round 1');
  clock.advance(1);
  assert.equal(hub.sent.length, 3);
  // Round 2: all three leaves are in at 2400 + 120, so the hub flushes then, not at the deadline.
  clock.advance(2400 + 120 - clock.now());
  for (const leaf of ['n1', 'n2', 'n3']) hub.core.receive(leaf, { type: 'gossip', s: 2, v: [10 + Number(leaf[1])], a: [1], r: 2 });
  clock.advance(0);
  assert.equal(hub.sent.length, 6);
  assert.ok(hub.sent.slice(3).every((m) => m.at === 2520));
  assert.deepEqual(hub.sent.find((m) => m.at === 2520 && m.dest === 'n1')?.body.v?.sort(), [12, 13]);
});

test('a leaf message that arrives after its round was flushed gets a prompt extra flush', () => {
  const clock = new FakeClock(1200 + 100);
  const hub = star('n0', clock);
  hub.core.receive('n1', { type: 'gossip', s: 1, v: [1], r: 1 });
  clock.advance(400);
  const flushed = hub.sent.length;
  hub.core.receive('n2', { type: 'gossip', s: 1, v: [2], r: 1 });
  clock.advance(20);
  const extra = hub.sent.slice(flushed);
  assert.deepEqual(extra.map((m) => m.dest).sort(), ['n1', 'n2', 'n3']);
  assert.deepEqual(extra.find((m) => m.dest === 'n3')?.body.v, [2]);
});
