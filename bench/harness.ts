/**
 * Harness network benchmark: how many messages per second the simulated network routes at full
 * load, and how late deliveries are at that load (delivery time − deadline, p50/p99).
 *
 * 25 in-process server participants with constant 100 ms latency; each delivery is rendered as
 * the JSON line a node would get, and answered at once with a new message to a random server,
 * so a fixed number of messages (the window) is always in flight. Offered load = window / 100 ms.
 * Every send and recv is journalled, as in a run. Node processes (pipes) are not included.
 *
 * Variants (each measured in turn within one repetition, so their ratio is fair on a noisy box):
 *   objects: participants send body objects (services, clients);
 *   lines: participants answer with a stdout line that is parsed (parseNodeLine) and sent with
 *     its raw text, and deliveries are rendered from it, as node traffic costs the harness;
 *   lines-rebuilt: the same, but every delivery re-serializes the body (no raw splice).
 *
 * The machine is shared, so each window is measured several times (fresh network each time) and
 * the median is reported, with the 1-minute load average beside every figure: lateness on 2
 * busy cores is mostly the scheduler and the garbage collector, not the queue.
 * Usage: node dist-test/bench/harness.js [seconds per repetition, default 3]
 *   HARNESS_BENCH_WINDOWS=2000,10000 picks the windows (default 10000, i.e. 100k/s offered)
 *   HARNESS_BENCH_REPS=5 repetitions per window (default 3)
 *   HARNESS_BENCH_VARIANTS=objects,lines,lines-rebuilt (default objects,lines)
 */
import os from 'node:os';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { deliveryLine, parseNodeLine } from '../src/harness/net/envelope.js';
import { realClock } from '../src/harness/net/clock.js';
import { Journal } from '../src/harness/net/journal.js';
import { Network } from '../src/harness/net/network.js';
import { createRng } from '../src/harness/rng.js';
import { LatenessSamples } from '../src/harness/net/lateness.js';

const SECONDS = Number(process.argv[2] ?? 3);
const REPS = Number(process.env.HARNESS_BENCH_REPS ?? 3);
const LATENCY_MS = 100;
const NODES = Array.from({ length: 25 }, (_, i) => `n${i}`);
const VARIANTS = ['objects', 'lines', 'lines-rebuilt'] as const;
type Variant = (typeof VARIANTS)[number];

interface Figures {
  variant: Variant;
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

async function measure(variant: Variant, window: number, rep: number): Promise<Figures> {
  const rng = createRng(window + rep);
  const journal = new Journal();
  const network = new Network({ clock: realClock(), journal, latency: () => LATENCY_MS });
  let bytes = 0;
  let delivered = 0;
  let measuring = false;
  const lateness = new LatenessSamples(Math.ceil((window / LATENCY_MS) * 1000 * SECONDS * 1.2));
  for (const id of NODES) {
    const quoted = JSON.stringify(id);
    network.registerParticipant(id, (m) => {
      if (measuring) delivered++;
      const dest = NODES[rng.int(NODES.length)];
      if (variant === 'objects') {
        bytes += deliveryLine(m.id, m.src, m.dest, m.body).length;
        network.send(id, dest, { type: 'gossip', message: m.body.message, msg_id: m.id });
        return;
      }
      bytes += deliveryLine(m.id, m.src, m.dest, m.body, variant === 'lines' ? m.raw : undefined).length;
      // What a node would write back: a compact line, as our runtime and the Go library write it.
      const line = `{"src":${quoted},"dest":"${dest}","body":{"type":"gossip","message":${m.body.message as number},"msg_id":${m.id}}}`;
      const parsed = parseNodeLine(line);
      if (parsed.ok) network.send(parsed.src, parsed.dest, parsed.body, line);
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
  const sorted = lateness.sorted();
  const q = (p: number): number => round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN);
  if (bytes < 0) console.log(bytes);
  return {
    variant,
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
  const out: Record<string, unknown> = { ...reps[0] };
  for (const key of Object.keys(out) as (keyof Figures)[]) {
    if (key === 'variant') continue;
    const xs = reps.map((r) => r[key] as number).sort((a, b) => a - b);
    out[key] = xs[(xs.length - 1) >> 1];
  }
  return out as unknown as Figures;
}

const WINDOWS = process.env.HARNESS_BENCH_WINDOWS?.split(',').map(Number) ?? [10_000];
const CHOSEN = (process.env.HARNESS_BENCH_VARIANTS?.split(',') ?? ['objects', 'lines']) as Variant[];
for (const v of CHOSEN) if (!VARIANTS.includes(v)) throw new Error(`unknown variant ${v}; known: ${VARIANTS.join(', ')}`);
const byKey = new Map<string, Figures[]>();
for (const window of WINDOWS) {
  for (let rep = 0; rep < REPS; rep++) {
    for (const variant of CHOSEN) {
      const key = `${variant}@${window}`;
      byKey.set(key, [...(byKey.get(key) ?? []), await measure(variant, window, rep)]);
    }
  }
}
/** Per variant and window, the median of each figure over the repetitions. */
const medians = [...byKey.values()].map(median);
const windows = medians.filter((r) => r.variant === CHOSEN[0]);
const full = windows.reduce((best, r) => (r.routedPerSec > best.routedPerSec ? r : best));
const headline = (r: Figures | undefined) => r && { routedPerSec: r.routedPerSec, lateP50Ms: r.lateP50Ms, lateP99Ms: r.lateP99Ms, loadAverage1m: r.loadAverage1m, cpuMicrosPerMessage: r.cpuMicrosPerMessage, gcPauseMaxMs: r.gcPauseMaxMs, eventLoopDelayMaxMs: r.eventLoopDelayMaxMs };
const at100k = Object.fromEntries(CHOSEN.map((v) => [v, headline(medians.find((r) => r.variant === v && r.offeredPerSec === 100_000))]));
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
      /** The target rows: per variant, medians at 100k messages/s offered, with the load average they ran under. */
      at100k,
      /** Per window, the medians of the first variant (what bench/all reads). */
      windows,
      /** Every variant's medians, and every repetition. */
      medians,
      repetitionsByKey: Object.fromEntries(byKey),
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
