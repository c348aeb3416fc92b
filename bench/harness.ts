/**
 * Harness network benchmark: how many messages per second the simulated network routes at full
 * load, and how late deliveries are at that load (delivery time − deadline, p50/p99).
 *
 * 25 in-process server participants with constant 100 ms latency; each delivery is rendered as
 * the JSON line a node would get, and answered at once with a new message to a random server,
 * so a fixed number of messages (the window) is always in flight. Offered load = window / 100 ms.
 * Every send and recv is journalled, as in a run. Node processes (pipes) are not included.
 * Usage: node dist-test/bench/harness.js [seconds per window, default 4]
 *   (HARNESS_BENCH_WINDOWS=2000,10000 picks the windows)
 */
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { deliveryLine } from '../src/harness/net/envelope.js';
import { realClock } from '../src/harness/net/clock.js';
import { Journal } from '../src/harness/net/journal.js';
import { Network } from '../src/harness/net/network.js';
import { createRng } from '../src/harness/rng.js';

const SECONDS = Number(process.argv[2] ?? 4);
const LATENCY_MS = 100;
const NODES = Array.from({ length: 25 }, (_, i) => `n${i}`);

interface Figures {
  window: number;
  offeredPerSec: number;
  routedPerSec: number;
  lateP50Ms: number;
  lateP99Ms: number;
  lateMaxMs: number;
  /** CPU time the process spent per routed message (network + the participants' line rendering). */
  cpuMicrosPerMessage: number;
  /** How late a 1 ms timer fired, p99 (GC pauses and CPU contention, which no queue can hide). */
  eventLoopDelayP99Ms: number;
  /** The longest stall: one stall makes every message due during it late, so it bounds the p99. */
  eventLoopDelayMaxMs: number;
}

async function measure(window: number): Promise<Figures> {
  const rng = createRng(window);
  const journal = new Journal();
  const network = new Network({ clock: realClock(), journal, latency: () => LATENCY_MS });
  let bytes = 0;
  let delivered = 0;
  let measuring = false;
  const lateness: number[] = [];
  for (const id of NODES) {
    network.registerParticipant(id, (m) => {
      bytes += deliveryLine(m.id, m.src, m.dest, m.body).length;
      if (measuring) delivered++;
      network.send(id, NODES[rng.int(NODES.length)], { type: 'gossip', message: m.body.message, msg_id: m.id });
    });
  }
  // Inject the window spread evenly over one latency period, so the load is steady rather than
  // one synchronized burst every 100 ms.
  const perMs = Math.ceil(window / LATENCY_MS);
  for (let sent = 0; sent < window; ) {
    for (let k = 0; k < perMs && sent < window; k++, sent++) network.send(NODES[sent % NODES.length], NODES[rng.int(NODES.length)], { type: 'gossip', message: sent });
    await new Promise((r) => setTimeout(r, 1));
  }
  await new Promise((r) => setTimeout(r, 2 * LATENCY_MS)); // warm up
  journal.clear();
  network.lateness = lateness;
  measuring = true;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const cpu = process.cpuUsage(cpuStart);
  loopDelay.disable();
  const elapsed = (performance.now() - start) / 1000;
  measuring = false;
  network.lateness = undefined;
  network.close();
  lateness.sort((a, b) => a - b);
  const q = (p: number): number => Number((lateness[Math.min(lateness.length - 1, Math.floor(lateness.length * p))] ?? NaN).toFixed(3));
  if (bytes < 0) console.log(bytes);
  return { window, offeredPerSec: Math.round(window / (LATENCY_MS / 1000)), routedPerSec: Math.round(delivered / elapsed), lateP50Ms: q(0.5), lateP99Ms: q(0.99), lateMaxMs: q(1), cpuMicrosPerMessage: Number(((cpu.user + cpu.system) / delivered).toFixed(2)), eventLoopDelayP99Ms: Number((loopDelay.percentile(99) / 1e6).toFixed(3)), eventLoopDelayMaxMs: Number((loopDelay.max / 1e6).toFixed(3)) };
}

const results: Figures[] = [];
const WINDOWS = process.env.HARNESS_BENCH_WINDOWS?.split(',').map(Number) ?? [2_000, 10_000, 20_000, 40_000];
for (const window of WINDOWS) results.push(await measure(window));
const full = results.reduce((best, r) => (r.routedPerSec > best.routedPerSec ? r : best));
const meeting = results.filter((r) => r.routedPerSec >= 100_000 && r.lateP99Ms <= 5);
console.log(
  JSON.stringify(
    {
      bench: 'harness-network',
      node: process.version,
      cores: os.cpus().length,
      latencyMs: LATENCY_MS,
      secondsPerWindow: SECONDS,
      windows: results,
      fullLoad: full,
      /** Messages per second one core could route at the measured CPU cost, contention aside. */
      cpuBoundPerSec: Math.round(1e6 / Math.min(...results.map((r) => r.cpuMicrosPerMessage))),
      loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
      target: { routedPerSec: 100_000, lateP99Ms: 5, met: meeting.length > 0 },
    },
    null,
    2,
  ),
);
