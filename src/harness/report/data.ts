/**
 * Shapes a run's history and network journal into the series the report plots (SPEC §5 `:perf`):
 * raw latencies, latency quantiles, op rate, messages per op, and nemesis windows. Pure functions,
 * no I/O; times come out in seconds and latencies in milliseconds, the units people read.
 */
import { NEMESIS, pairInvocations, type Op } from '../history.js';
import type { JournalEvent } from '../net/journal.js';

/** A completion type as plotted; an invocation that never completed is not plotted. */
export type CompletionType = 'ok' | 'info' | 'fail';

/** Completion types in legend order. */
export const COMPLETION_TYPES: readonly CompletionType[] = ['ok', 'info', 'fail'];

/** Latency quantiles the quantiles plot draws (1 is the maximum). */
export const QUANTILES: readonly number[] = [0.5, 0.95, 0.99, 1];

/** One scatter series of raw latencies: ops of one f that completed with one type. */
export interface LatencySeries {
  f: string;
  type: CompletionType;
  /** Invocation times, seconds. */
  times: number[];
  /** Latencies, milliseconds, same length as `times`. */
  latencies: number[];
}

/** Series sampled on a common x axis of bucket start times (uPlot's aligned data). */
export interface BucketedSeries {
  /** Bucket width, seconds. */
  bucketSeconds: number;
  /** Bucket middle times, seconds. */
  times: number[];
  /** One row per series; null where a bucket has no data. */
  series: Array<{ label: string; f?: string; type?: CompletionType; quantile?: number; values: Array<number | null> }>;
}

/** A span of time during which the nemesis had the network partitioned. */
export interface NemesisWindow {
  /** Seconds. */
  start: number;
  /** Seconds; the end of the run when the partition was never healed. */
  end: number;
  /** The nemesis's description of the partition (the start op's completion value). */
  value: unknown;
}

const NS_PER_S = 1e9;
const NS_PER_MS = 1e6;
/** Nice bucket widths, seconds; a bucket is the smallest of these giving at most ~60 buckets. */
const BUCKET_STEPS = [0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
/** A log-scale axis cannot show 0 ms; a latency below this is drawn at it. */
export const MIN_LATENCY_MS = 0.001;

/** The last time anything happened in the run, seconds (history and journal). */
export function runEndSeconds(history: readonly Op[], journal: readonly JournalEvent[] = []): number {
  let end = 0;
  for (const op of history) if (op.time > end) end = op.time;
  const lastEvent = journal[journal.length - 1];
  if (lastEvent && lastEvent.time > end) end = lastEvent.time;
  return end / NS_PER_S;
}

/** A bucket width that cuts `durationSeconds` into at most ~`target` buckets. */
export function bucketSecondsFor(durationSeconds: number, target = 60): number {
  const wanted = durationSeconds / target;
  return BUCKET_STEPS.find((step) => step >= wanted) ?? Math.ceil(wanted / 600) * 600;
}

function completionType(op: Op | undefined): CompletionType | undefined {
  return op && op.type !== 'invoke' ? op.type : undefined;
}

/**
 * Raw latency of every client op that completed, grouped by (f, completion type) in order of first
 * appearance of f, then ok/info/fail. At most `maxPoints` points in total survive: beyond that an
 * even stride keeps the plot readable and the HTML small (the stride is the cost: outliers may hide).
 */
export function latencySeries(history: readonly Op[], maxPoints = 100_000): { series: LatencySeries[]; sampledEvery: number } {
  const pairs = pairInvocations(history).filter(([invoke, done]) => invoke.process !== NEMESIS && completionType(done));
  const sampledEvery = Math.max(1, Math.ceil(pairs.length / maxPoints));
  const byKey = new Map<string, LatencySeries>();
  const fOrder: string[] = [];
  pairs.forEach(([invoke, done], i) => {
    if (i % sampledEvery !== 0) return;
    const type = completionType(done)!;
    const key = `${invoke.f}\u0000${type}`;
    let series = byKey.get(key);
    if (!series) {
      if (!fOrder.includes(invoke.f)) fOrder.push(invoke.f);
      series = { f: invoke.f, type, times: [], latencies: [] };
      byKey.set(key, series);
    }
    // 0.1 ms of time and 1 µs of latency are finer than a pixel and keep 100k points near 2 MB.
    series.times.push(Math.round(invoke.time / 1e5) / 1e4);
    series.latencies.push(Math.max(MIN_LATENCY_MS, Math.round((done!.time - invoke.time) / 1e3) / 1e3));
  });
  const series = [...byKey.values()].sort(
    (a, b) => fOrder.indexOf(a.f) - fOrder.indexOf(b.f) || COMPLETION_TYPES.indexOf(a.type) - COMPLETION_TYPES.indexOf(b.type),
  );
  return { series, sampledEvery };
}

/** Bucket middles: a bucket's value is drawn at the middle of the time it covers. */
function bucketTimes(endSeconds: number, bucketSeconds: number): number[] {
  const count = Math.max(1, Math.ceil(endSeconds / bucketSeconds));
  return Array.from({ length: count }, (_, i) => round((i + 0.5) * bucketSeconds));
}

/** init happens before relative time begins, so negative times fall in the first bucket. */
function bucketOf(timeNs: number, bucketSeconds: number, count: number): number {
  return Math.max(0, Math.min(count - 1, Math.floor(timeNs / NS_PER_S / bucketSeconds)));
}

/** The q-quantile of ascending `sorted` by nearest rank; q = 1 is the maximum. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * Latency quantiles per f over time: each bucket holds the ops invoked in it, whatever their
 * completion type (Jepsen's latency-quantiles plot does the same).
 */
export function latencyQuantiles(history: readonly Op[], endSeconds: number, bucketSeconds: number): BucketedSeries {
  const times = bucketTimes(endSeconds, bucketSeconds);
  const perF = new Map<string, number[][]>();
  for (const [invoke, done] of pairInvocations(history)) {
    if (invoke.process === NEMESIS || !completionType(done)) continue;
    let buckets = perF.get(invoke.f);
    if (!buckets) perF.set(invoke.f, (buckets = times.map(() => [])));
    buckets[bucketOf(invoke.time, bucketSeconds, times.length)].push((done!.time - invoke.time) / NS_PER_MS);
  }
  const series: BucketedSeries['series'] = [];
  for (const [f, buckets] of perF) {
    for (const bucket of buckets) bucket.sort((a, b) => a - b);
    for (const q of QUANTILES) {
      const values = buckets.map((bucket) => (bucket.length ? Math.max(MIN_LATENCY_MS, quantile(bucket, q)) : null));
      series.push({ label: `${f} ${q === 1 ? 'max' : `p${round(q * 100)}`}`, f, quantile: q, values });
    }
  }
  return { bucketSeconds, times, series };
}

/** Completions per second per (f, type), bucketed by completion time (Jepsen's rate plot). */
export function opRate(history: readonly Op[], endSeconds: number, bucketSeconds: number): BucketedSeries {
  const times = bucketTimes(endSeconds, bucketSeconds);
  const counts = new Map<string, { f: string; type: CompletionType; values: number[] }>();
  for (const op of history) {
    const type = completionType(op);
    if (op.process === NEMESIS || !type) continue;
    const key = `${op.f}\u0000${type}`;
    let row = counts.get(key);
    if (!row) counts.set(key, (row = { f: op.f, type, values: times.map(() => 0) }));
    row.values[bucketOf(op.time, bucketSeconds, times.length)]++;
  }
  const series = [...counts.values()].map(({ f, type, values }) => ({
    label: `${f} ${type}`,
    f,
    type,
    values: values.map((count) => round(count / bucketSeconds)),
  }));
  return { bucketSeconds, times, series };
}

/**
 * Messages sent per client op invoked, per bucket, for all traffic and for server traffic (the
 * groups of SPEC §3.4's `:net`, whose msgs-per-op is the whole run's ratio of the same counts).
 */
export function msgsPerOpOverTime(history: readonly Op[], journal: readonly JournalEvent[], endSeconds: number, bucketSeconds: number): BucketedSeries {
  const times = bucketTimes(endSeconds, bucketSeconds);
  const invokes = times.map(() => 0);
  const allSends = times.map(() => 0);
  const serverSends = times.map(() => 0);
  for (const op of history) {
    if (op.type === 'invoke' && op.process !== NEMESIS) invokes[bucketOf(op.time, bucketSeconds, times.length)]++;
  }
  for (const event of journal) {
    if (event.kind !== 'send') continue;
    const bucket = bucketOf(event.time, bucketSeconds, times.length);
    allSends[bucket]++;
    if (!isClient(event.src) && !isClient(event.dest)) serverSends[bucket]++;
  }
  const ratio = (sends: number[]) => sends.map((count, i) => (invokes[i] ? round(count / invokes[i]) : null));
  return {
    bucketSeconds,
    times,
    series: [
      { label: 'all msgs/op', values: ratio(allSends) },
      { label: 'servers msgs/op', values: ratio(serverSends) },
    ],
  };
}

/** Whether a node id is a Maelstrom client (SPEC §3.4 groups by a leading `c`). */
export function isClient(id: string): boolean {
  return id.startsWith('c');
}

/**
 * Partition windows from the nemesis's ops (SPEC §3.3): a window opens when a start-partition
 * completes (the grudge is in force from then) and closes when the next stop-partition completes.
 * Jepsen logs nemesis invocations as :info, like their completions, so two consecutive nemesis ops
 * of the same f are an invocation and its completion; a lone op counts as completed when logged.
 */
export function nemesisWindows(history: readonly Op[], endSeconds: number): NemesisWindow[] {
  const windows: NemesisWindow[] = [];
  let open: { start: number; value: unknown } | undefined;
  const apply = (op: Op) => {
    if (op.f === 'start-partition' && !open) open = { start: op.time / NS_PER_S, value: op.value };
    else if (op.f === 'stop-partition' && open) {
      windows.push({ start: open.start, end: op.time / NS_PER_S, value: open.value });
      open = undefined;
    }
  };
  let invocation: Op | undefined;
  for (const op of history) {
    if (op.process !== NEMESIS) continue;
    if (invocation && op.f === invocation.f && op.type !== 'invoke') {
      apply(op);
      invocation = undefined;
      continue;
    }
    if (invocation) apply(invocation);
    invocation = op;
  }
  if (invocation) apply(invocation);
  if (open) windows.push({ start: open.start, end: Math.max(open.start, endSeconds), value: open.value });
  return windows;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
