/**
 * Harness network benchmark: how many messages per second the simulated network routes at full
 * load, and how late deliveries are at that load (delivery time − deadline, p50/p99).
 *
 * 25 in-process server participants with constant 100 ms latency; each delivery is rendered as
 * the JSON line a node would get, and answered at once with a new message to a random server,
 * so a fixed number of messages (the window) is always in flight. Offered load = window / 100 ms.
 * Every send and recv is journalled, as in a run. Node processes (pipes) are not included.
 *
 * The machine is shared, so each window is measured several times (fresh network each time) and
 * the median is reported, with the 1-minute load average beside every figure: lateness on 2
 * busy cores is mostly the scheduler and the garbage collector, not the queue.
 * Usage: node dist-test/bench/harness.js [seconds per repetition, default 3]
 *   HARNESS_BENCH_WINDOWS=2000,10000 picks the windows (default 10000, i.e. 100k/s offered)
 *   HARNESS_BENCH_REPS=5 repetitions per window (default 3)
 */
import os from 'node:os';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { deliveryLine } from '../src/harness/net/envelope.js';
import { realClock } from '../src/harness/net/clock.js';
import { Journal } from '../src/harness/net/journal.js';
import { Network } from '../src/harness/net/network.js';
import { createRng } from '../src/harness/rng.js';

const SECONDS = Number(process.argv[2] ?? 3);
const REPS = Number(process.env.HARNESS_BENCH_REPS ?? 3);
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
  /** Garbage-collector pauses during the measurement: the longest and their sum. */
  gcPauseMaxMs: number;
  gcPauseTotalMs: number;
  /** 1-minute load average when the repetition ended (2 cores: above 2 means we waited for CPU). */
  loadAverage1m: number;
}

async function measure(window: number, rep: number): Promise<Figures> {
  const rng = createRng(window + rep);
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
  let gcMax = 0;
  let gcTotal = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMax = Math.max(gcMax, entry.duration);
      gcTotal += entry.duration;
    }
  });
  gc.observe({ entryTypes: ['gc'] });
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
  await new Promise((r) => setImmediate(r)); // let the observer see the last GC entries
  gc.disconnect();
  const sorted = Float64Array.from(lateness).sort();
  const q = (p: number): number => round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN);
  if (bytes < 0) console.log(bytes);
  return {
    window,
    offeredPerSec: Math.round(window / (LATENCY_MS / 1000)),
    routedPerSec: Math.round(delivered / elapsed),
    lateP50Ms: q(0.5),
    lateP99Ms: q(0.99),
    lateMaxMs: q(1),
    cpuMicrosPerMessage: round((cpu.user + cpu.system) / delivered),
    eventLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
    eventLoopDelayMaxMs: round(loopDelay.max / 1e6),
    gcPauseMaxMs: round(gcMax),
    gcPauseTotalMs: round(gcTotal),
    loadAverage1m: round(os.loadavg()[0]),
  };
}

function round(x: number): number {
  return Number(x.toFixed(3));
}

/** Each figure's median over the repetitions (figure by figure, so not one repetition's row). */
function median(reps: Figures[]): Figures {
  const out = { ...reps[0] };
  for (const key of Object.keys(out) as (keyof Figures)[]) {
    const xs = reps.map((r) => r[key]).sort((a, b) => a - b);
    out[key] = xs[(xs.length - 1) >> 1];
  }
  return out;
}

const windows: Figures[] = [];
const repetitions: Record<number, Figures[]> = {};
const WINDOWS = process.env.HARNESS_BENCH_WINDOWS?.split(',').map(Number) ?? [10_000];
for (const window of WINDOWS) {
  const reps: Figures[] = [];
  for (let rep = 0; rep < REPS; rep++) reps.push(await measure(window, rep));
  repetitions[window] = reps;
  windows.push(median(reps));
}
const full = windows.reduce((best, r) => (r.routedPerSec > best.routedPerSec ? r : best));
const at100k = windows.find((r) => r.offeredPerSec === 100_000);
const meeting = windows.filter((r) => r.routedPerSec >= 100_000 && r.lateP99Ms <= 5);
console.log(
  JSON.stringify(
    {
      bench: 'harness-network',
      node: process.version,
      cores: os.cpus().length,
      latencyMs: LATENCY_MS,
      secondsPerRepetition: SECONDS,
      repetitions: REPS,
      /** The target row: medians at 100k messages/s offered, with the load average they ran under. */
      at100k: at100k && { routedPerSec: at100k.routedPerSec, lateP50Ms: at100k.lateP50Ms, lateP99Ms: at100k.lateP99Ms, loadAverage1m: at100k.loadAverage1m, gcPauseMaxMs: at100k.gcPauseMaxMs, eventLoopDelayMaxMs: at100k.eventLoopDelayMaxMs },
      /** Per window, the median of each figure over the repetitions. */
      windows,
      repetitionsByWindow: repetitions,
      fullLoad: full,
      /** Messages per second one core could route at the measured CPU cost, contention aside. */
      cpuBoundPerSec: Math.round(1e6 / Math.min(...windows.map((r) => r.cpuMicrosPerMessage))),
      loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
      target: { routedPerSec: 100_000, lateP99Ms: 5, met: meeting.length > 0 },
    },
    null,
    2,
  ),
);
