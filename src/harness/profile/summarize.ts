/**
 * Reads the traces of one run (<run>/traces/*.trace.json, written by nodes under GLOMERS_TRACE)
 * and reduces each node's threads to the figures `glomers profile` prints: busy time, handler
 * counts and latency quantiles per message type, cross-thread messages and hop latency, the
 * deepest per-neighbour sender queue, SeenSet hits and misses, and RPC timeouts and retries.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { quantiles } from '../quantiles.js';

/** One event as the traces hold it (Chrome trace-event format). */
interface RawEvent {
  ph: string;
  name: string;
  cat?: string;
  ts: number;
  dur?: number;
  tid: number;
  args?: Record<string, unknown>;
}

/** Exact totals a thread wrote in its `glomers_summary` metadata event. */
interface RawSummary {
  activeMs: number;
  idleMs: number;
  counters: Record<string, Record<string, number>>;
  gaugeMax: Record<string, number>;
  droppedEvents: number;
}

/** Count and latency quantiles (microseconds) of one kind of span or hop. */
export interface Timing {
  count: number;
  p50Us: number;
  p99Us: number;
  totalMs: number;
}

/** The figures of one thread of one node. */
export interface ThreadProfile {
  node: string;
  thread: string;
  /** Event-loop busy fraction over the traced time, in percent. */
  busyPct: number;
  /** Handler spans by message type (synchronous part of the handler). */
  handlers: Record<string, Timing>;
  /** Cross-thread messages this thread posted and received. */
  posted: number;
  received: number;
  /** Post-to-receive latency of the messages this thread received. */
  hopIn: Timing | undefined;
  /** Deepest per-neighbour sender queue and whose it was. */
  maxQueue: number;
  maxQueuePeer: string | undefined;
  seenHits: number;
  seenMisses: number;
  rpcTimeouts: number;
  /** RPC retries (retry helper) plus neighbour-sender batch retries. */
  retries: number;
  /** Events the thread did not keep (its cap was reached): its spans are then a sample. */
  droppedEvents: number;
}

/** A whole run: every node thread, and each handler type over all nodes and threads. */
export interface RunProfile {
  threads: ThreadProfile[];
  handlers: Record<string, Timing>;
}

/** Where a run keeps its traces: `<run>/traces`, or the folder itself if it holds trace files. */
export function traceFolder(run: string): string | undefined {
  const candidates = [join(run, 'traces'), run];
  return candidates.find((dir) => existsSync(dir) && statSync(dir).isDirectory() && readdirSync(dir).some((f) => f.endsWith('.trace.json')));
}

/** Profiles every thread of every node whose trace is in `dir` (sorted by node then thread), and the cluster's handlers. */
export function profileTraces(dir: string): RunProfile {
  const files = readdirSync(dir).filter((f) => f.endsWith('.trace.json')).sort(byNodeName);
  const all = new Map<string, number[]>();
  const threads = files.flatMap((file) => profileNode(basename(file, '.trace.json'), JSON.parse(readFileSync(join(dir, file), 'utf8')) as { traceEvents?: RawEvent[] }, all));
  return { threads, handlers: timings(all) };
}

/**
 * Profiles one node's trace object; handler durations (µs) are also appended to `handlerSink` by
 * type, for cluster-wide quantiles. Throws when it is not trace-event JSON.
 */
export function profileNode(node: string, trace: { traceEvents?: RawEvent[] }, handlerSink?: Map<string, number[]>): ThreadProfile[] {
  if (!Array.isArray(trace.traceEvents)) throw new Error(`${node}: not a trace-event JSON object (no traceEvents array)`);
  const byTid = new Map<number, RawEvent[]>();
  for (const event of trace.traceEvents) {
    let list = byTid.get(event.tid);
    if (!list) byTid.set(event.tid, (list = []));
    list.push(event);
  }
  return [...byTid.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, events]) => {
    const name = events.find((e) => e.ph === 'M' && e.name === 'thread_name')?.args?.name;
    const summary = events.find((e) => e.ph === 'M' && e.name === 'glomers_summary')?.args as RawSummary | undefined;
    return typeof name === 'string' && summary ? [profileThread(node, name, events, summary, handlerSink)] : [];
  });
}

function profileThread(node: string, thread: string, events: RawEvent[], summary: RawSummary, handlerSink?: Map<string, number[]>): ThreadProfile {
  const spans = new Map<string, number[]>();
  const hops: number[] = [];
  for (const event of events) {
    if (event.ph === 'X' && event.cat === 'handler') {
      let list = spans.get(event.name);
      if (!list) spans.set(event.name, (list = []));
      list.push(event.dur ?? 0);
    } else if (event.ph === 'e' && event.cat === 'hop' && typeof event.args?.us === 'number') {
      hops.push(event.args.us);
    }
  }
  if (handlerSink) {
    for (const [type, durs] of spans) {
      const list = handlerSink.get(type);
      if (list) for (const d of durs) list.push(d);
      else handlerSink.set(type, [...durs]);
    }
  }
  const crossThread = summary.counters['cross-thread'] ?? {};
  const sum = (prefix: string) => Object.entries(crossThread).filter(([k]) => k.startsWith(prefix)).reduce((total, [, n]) => total + n, 0);
  const queues = Object.entries(summary.gaugeMax).filter(([k]) => k.startsWith('queue ')).sort((a, b) => b[1] - a[1]);
  const rpc = summary.counters.rpc ?? {};
  const seen = summary.counters['seen-set'] ?? {};
  const total = summary.activeMs + summary.idleMs;
  return {
    node,
    thread,
    busyPct: total > 0 ? (100 * summary.activeMs) / total : 0,
    handlers: timings(spans),
    posted: sum('to '),
    received: sum('from '),
    hopIn: timing(hops),
    maxQueue: queues[0]?.[1] ?? 0,
    maxQueuePeer: queues[0]?.[0].slice('queue '.length),
    seenHits: seen.hit ?? 0,
    seenMisses: seen.miss ?? 0,
    rpcTimeouts: rpc.timeout ?? 0,
    retries: (rpc.retry ?? 0) + (rpc['sender retry'] ?? 0),
    droppedEvents: summary.droppedEvents,
  };
}

/** Timing per type, the most frequent type first. */
function timings(byType: Map<string, number[]>): Record<string, Timing> {
  return Object.fromEntries([...byType].sort((a, b) => b[1].length - a[1].length).map(([type, durs]) => [type, timing(durs)!]));
}

function timing(microseconds: number[]): Timing | undefined {
  const q = quantiles(microseconds, [0.5, 0.99]);
  if (!q) return undefined;
  return { count: microseconds.length, p50Us: q.get(0.5)!, p99Us: q.get(0.99)!, totalMs: microseconds.reduce((a, b) => a + b, 0) / 1000 };
}

/** n2 before n10. */
function byNodeName(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
