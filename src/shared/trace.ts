/**
 * Per-thread profiling recorder, on only when GLOMERS_TRACE=<dir> is set. Every hook in the runtime
 * is `if (TRACING) ...` on a module constant, so a node that is not traced pays one boolean check
 * per hook. Events are kept in memory in Chrome trace-event form (ts/dur in microseconds on the
 * shared clock `traceNow`) and handed over at shutdown; src/main/trace-file.ts writes the file.
 *
 * Times come from performance.timeOrigin + performance.now(): each thread's origin is taken from
 * the same monotonic clock, so a time stamped in one thread and read in another gives the hop
 * latency directly (to within a few microseconds).
 */
import { performance } from 'node:perf_hooks';

/** The trace folder (GLOMERS_TRACE), or undefined when tracing is off. */
export const TRACE_DIR: string | undefined = process.env.GLOMERS_TRACE || undefined;
/** Whether this process is traced: the one check every hook makes. */
export const TRACING: boolean = TRACE_DIR !== undefined;
/** Events one thread keeps at most (GLOMERS_TRACE_MAX_EVENTS); later ones are counted, not kept. */
const MAX_EVENTS = Number(process.env.GLOMERS_TRACE_MAX_EVENTS) || 1_000_000;
/** Main posts on this BroadcastChannel to ask every worker for its events at shutdown. */
export const TRACE_COLLECT_CHANNEL = 'glomers-trace-collect';
/** Workers post their ThreadTraceData on this one (only main listens). */
export const TRACE_REPLY_CHANNEL = 'glomers-trace-reply';
/** How often counters and the busy fraction are sampled onto their tracks. */
const SAMPLE_MS = 250;

/** One Chrome trace event (the fields glomers writes). */
export interface TraceEvent {
  ph: string;
  name: string;
  cat?: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: number;
  /** Scope of an instant event ('t': this thread). */
  s?: string;
  args?: Record<string, unknown>;
}

/** What a thread hands over at shutdown: its events and exact totals (kept even past the cap). */
export interface ThreadTraceData {
  tid: number;
  threadName: string;
  /** The node id, once a worker knows it ('' on main: main never parses init). */
  nodeId: string;
  events: TraceEvent[];
  summary: ThreadSummary;
}

/** Exact per-thread totals, written as the `glomers_summary` metadata event. */
export interface ThreadSummary {
  /** Event-loop active and idle time since tracing started (performance.eventLoopUtilization). */
  activeMs: number;
  idleMs: number;
  /** Counters by name and field (seen-set hits, rpc timeouts, cross-thread messages...). */
  counters: Record<string, Record<string, number>>;
  /** Highest value each gauge reached (per-neighbour sender queue depth). */
  gaugeMax: Record<string, number>;
  /** Events not kept because the cap was reached. */
  droppedEvents: number;
}

/** Milliseconds on the clock shared by every thread of the process. */
export function traceNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The recorder of the current thread. */
export class ThreadTrace {
  /** Chrome's thread id for this thread: main is 1, worker i is i + 2. */
  tid = 1;
  threadName = 'main';
  nodeId = '';
  private readonly events: TraceEvent[] = [];
  private dropped = 0;
  private readonly counters: Record<string, Record<string, number>> = {};
  private readonly changed = new Set<string>();
  private readonly gauges = new Map<string, { last: number; max: number }>();
  private readonly eluStart = performance.eventLoopUtilization();
  private eluLast = this.eluStart;
  private nextId = 1;
  private readonly sampler: ReturnType<typeof setInterval>;

  constructor(
    private readonly pid = process.pid,
    private readonly maxEvents = MAX_EVENTS,
  ) {
    this.sampler = setInterval(() => this.sample(), SAMPLE_MS);
    this.sampler.unref();
  }

  /** Names this thread's track (a worker calls it once it knows its index). */
  nameThread(tid: number, name: string): void {
    this.tid = tid;
    this.threadName = name;
  }

  /** A complete span from `startMs` to now (or `endMs`) on this thread's track. */
  span(name: string, cat: string, startMs: number, endMs = traceNow(), args?: Record<string, unknown>): void {
    this.push({ ph: 'X', name, cat, ts: startMs * 1000, dur: (endMs - startMs) * 1000, pid: this.pid, tid: this.tid, args });
  }

  /** A moment worth seeing on the timeline (an RPC timeout, a retry). */
  instant(name: string, cat: string, args?: Record<string, unknown>): void {
    this.push({ ph: 'i', name, cat, ts: traceNow() * 1000, pid: this.pid, tid: this.tid, s: 't', args });
  }

  /**
   * A message stamped `sentAtMs` by another thread arrived now: an async slice from post to
   * receive (its own track in Perfetto, since hops overlap each other and this thread's spans).
   */
  hop(name: string, sentAtMs: number, counter: string): void {
    const now = traceNow();
    // Async ids are process-wide in the trace format: the thread id keeps each thread's apart.
    const id = this.tid * 0x1_0000_0000 + this.nextId++;
    const ts = sentAtMs * 1000;
    this.push({ ph: 'b', name, cat: 'hop', ts, pid: this.pid, tid: this.tid, id });
    this.push({ ph: 'e', name, cat: 'hop', ts: now * 1000, pid: this.pid, tid: this.tid, id, args: { us: (now - sentAtMs) * 1000 } });
    this.count('cross-thread', counter);
  }

  /** Adds `by` to counter `name`.`field` (sampled onto a counter track every 250 ms). */
  count(name: string, field: string, by = 1): void {
    const fields = (this.counters[name] ??= {});
    fields[field] = (fields[field] ?? 0) + by;
    this.changed.add(name);
  }

  /**
   * A gauge changed (e.g. one neighbour's queue depth): a counter event when the value moved.
   * Counter tracks are per process in Chrome's format, so the thread name is part of the track name.
   */
  gauge(name: string, value: number): void {
    let gauge = this.gauges.get(name);
    if (!gauge) this.gauges.set(name, (gauge = { last: Number.NaN, max: value }));
    if (value === gauge.last) return;
    gauge.last = value;
    if (value > gauge.max) gauge.max = value;
    this.push({ ph: 'C', name: `${name} (${this.threadName})`, cat: 'gauge', ts: traceNow() * 1000, pid: this.pid, tid: this.tid, args: { value } });
  }

  /** Stops sampling and returns everything recorded, with metadata naming the thread. */
  take(): ThreadTraceData {
    clearInterval(this.sampler);
    this.sample();
    const elu = performance.eventLoopUtilization(this.eluStart);
    const summary: ThreadSummary = {
      // Over a span shorter than one loop turn, Node's idle and elapsed clocks can disagree by a
      // hair and make one of these slightly negative (a busy % outside 0–100): neither can be.
      activeMs: Math.max(0, elu.active),
      idleMs: Math.max(0, elu.idle),
      counters: this.counters,
      gaugeMax: Object.fromEntries([...this.gauges].map(([name, gauge]) => [name, gauge.max])),
      droppedEvents: this.dropped,
    };
    const meta = (name: string, args: Record<string, unknown>): TraceEvent => ({ ph: 'M', name, ts: 0, pid: this.pid, tid: this.tid, args });
    const events = [
      meta('thread_name', { name: this.threadName }),
      meta('thread_sort_index', { sort_index: this.tid }),
      meta('glomers_summary', summary as unknown as Record<string, unknown>),
      ...this.events,
    ];
    return { tid: this.tid, threadName: this.threadName, nodeId: this.nodeId, events, summary };
  }

  private sample(): void {
    const ts = traceNow() * 1000;
    const elu = performance.eventLoopUtilization(this.eluLast);
    this.eluLast = performance.eventLoopUtilization();
    this.push({ ph: 'C', name: `busy % (${this.threadName})`, cat: 'busy', ts, pid: this.pid, tid: this.tid, args: { busy: Math.round(elu.utilization * 1000) / 10 } });
    for (const name of this.changed) this.push({ ph: 'C', name: `${name} (${this.threadName})`, cat: 'counter', ts, pid: this.pid, tid: this.tid, args: { ...this.counters[name] } });
    this.changed.clear();
  }

  private push(event: TraceEvent): void {
    if (this.events.length < this.maxEvents) this.events.push(event);
    else this.dropped++;
  }
}

/** This thread's recorder; undefined when tracing is off (hooks check TRACING first). */
export const threadTrace: ThreadTrace | undefined = TRACING ? new ThreadTrace() : undefined;
