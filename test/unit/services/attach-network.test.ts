import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachServices } from '../../../src/harness/services/attach.js';
import { checkNet } from '../../../src/harness/checkers/net.js';
import { realClock } from '../../../src/harness/net/clock.js';
import { Journal } from '../../../src/harness/net/journal.js';
import { latencySampler } from '../../../src/harness/net/latency.js';
import { Network, type Delivery } from '../../../src/harness/net/network.js';
import { seeded } from './random.js';

test('on the real network, a KV round trip pays latency both ways and is journalled as server traffic', async () => {
  const clock = realClock();
  const journal = new Journal();
  const network = new Network({ clock, journal, latency: latencySampler({ mean: 40, dist: 'constant' }, Math.random) });
  attachServices(network, { random: seeded(1) });
  const got: Array<{ at: number; message: Delivery }> = [];
  network.registerParticipant('n1', (message) => got.push({ at: clock.nowMs(), message }));
  const sentAt = clock.nowMs();
  network.send('n1', 'seq-kv', { type: 'write', key: 'k', value: 1, msg_id: 1 });
  while (got.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  network.close();
  assert.equal(got[0].message.src, 'seq-kv');
  assert.deepEqual(got[0].message.body, { type: 'write_ok', in_reply_to: 1 });
  // Each hop's pump sleeps whole milliseconds, as Maelstrom's does, so may write up to 1 ms early.
  assert.ok(got[0].at - sentAt >= 78, `round trip took ${got[0].at - sentAt} ms`);
  const net = checkNet(journal.events, [{ index: 0, time: 0, type: 'invoke', process: 0, f: 'add', value: 1 }]);
  assert.equal(net.servers['msg-count'], 2);
  assert.equal(net.clients['msg-count'], 0);
  assert.equal(net.servers['msgs-per-op'], 2);
});
