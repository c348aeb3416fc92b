import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyword } from '../../../src/harness/edn.js';
import { realClock } from '../../../src/harness/net/clock.js';
import { Journal } from '../../../src/harness/net/journal.js';
import { Network } from '../../../src/harness/net/network.js';
import { PartitionNemesis } from '../../../src/harness/nemesis-runner.js';
import { HistoryRecorder } from '../../../src/harness/recorder.js';
import { createRng } from '../../../src/harness/rng.js';

test('the nemesis starts a partition at once, then alternates stop and start with gaps under 2·interval', async () => {
  const clock = realClock();
  const network = new Network({ clock, journal: new Journal(), latency: () => 0 });
  const history = new HistoryRecorder();
  const nodes = ['n0', 'n1', 'n2', 'n3', 'n4'];
  let invoked = 0;
  const nemesis = new PartitionNemesis({ network, nodes, intervalS: 0.05, rng: createRng(1), clock, history, onOp: () => invoked++ });
  nemesis.start();
  assert.equal(history.ops.length, 2, 'the first start-partition happens synchronously, at t≈0');
  assert.ok(network.partitions.active);
  await new Promise((r) => setTimeout(r, 600));
  await nemesis.stop();
  const ops = history.ops;
  assert.ok(ops.length >= 6, `${ops.length} nemesis ops`);
  for (let i = 0; i < ops.length; i += 2) {
    assert.equal(ops[i].process, 'nemesis');
    assert.equal(ops[i].type, 'info');
    assert.equal(ops[i].f, i % 4 === 0 ? 'start-partition' : 'stop-partition', `op ${i}`);
    assert.equal(ops[i + 1].f, ops[i].f);
  }
  const starts = ops.filter((o, i) => i % 4 === 1);
  for (const start of starts) assert.equal(((start.value as unknown[])[0] as Keyword).name, 'isolated');
  const heals = ops.filter((o, i) => i % 4 === 3);
  for (const heal of heals) assert.equal((heal.value as Keyword).name, 'network-healed');
  const gaps = ops.filter((_, i) => i % 2 === 0).map((o, i, all) => (i ? (o.time - all[i - 1].time) / 1e6 : 0)).slice(1);
  assert.ok(gaps.every((g) => g < 100 + 50), `gaps ${gaps.map((g) => g.toFixed(0)).join(',')} ms under 2·50 ms plus timer slack on a busy machine`);
  nemesis.stopPartition();
  assert.equal(network.partitions.active, false, 'the final stop-partition heals');
  assert.equal(invoked, history.ops.length / 2, 'onOp once per nemesis op (two history entries each)');
  network.close();
});
