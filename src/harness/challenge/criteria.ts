/**
 * Machine-checkable pass criteria for the challenge table: the figures a criterion reads, pulled
 * out of a run's results (results.json as parsed, or the in-memory results with Maps), and small
 * predicate factories whose labels say exactly what they check, strict `<` or inclusive `<=`.
 */
import { summaryFigures } from '../report/summary.js';

/** The figures the challenge criteria judge; a figure is undefined when the run did not report it. */
export interface ChallengeFigures {
  /** Top-level 'valid?': true, false or 'unknown'. */
  valid: unknown;
  /** :net :servers :msgs-per-op (SPEC §3.4), the figure 3d/3e/4/5c/6 judge. */
  serversMsgsPerOp?: number;
  /** :net :servers :msg-count: node↔node and node↔service messages. */
  serversMsgCount?: number;
  /** :availability :ok-fraction. */
  okFraction?: number;
  /**
   * ok / completed over the ops a node answers: :stats :by-f without the kafka workload's
   * client-side :crash ops (always :info by design, SPEC §2.7) and :debug-topic-partitions.
   */
  nodeOkFraction?: number;
  /** :workload :stable-latencies 0.5, ms. */
  medianMs?: number;
  /** :workload :stable-latencies 1, ms. */
  maxMs?: number;
  /** :workload :lost-count (set-full workloads). */
  lostCount?: number;
}

/** One criterion: a human label and a predicate; a missing figure never passes. */
export interface Criterion {
  /** What is checked, e.g. "mpo < 30" or "median <= 100 ms". */
  label: string;
  /** The measured figure the label refers to, for display ("24.1", "452 ms"); undefined if none. */
  measured(figures: ChallengeFigures): string | undefined;
  /** Whether the figures meet the criterion. */
  passes(figures: ChallengeFigures): boolean;
}

/** One criterion's outcome against one run. */
export interface Judgement {
  label: string;
  passed: boolean;
  measured?: string;
}

/** Extracts the challenge figures from composed results (Maps or the JSON object form). */
export function challengeFigures(results: Record<string, unknown>): ChallengeFigures {
  const summary = summaryFigures(results);
  const net = record(results.net);
  const workload = record(results.workload);
  const latencies = workload?.['stable-latencies'];
  return {
    valid: summary.valid,
    serversMsgsPerOp: summary.serversMsgsPerOp,
    serversMsgCount: num(record(net?.servers)?.['msg-count']),
    okFraction: summary.okFraction,
    nodeOkFraction: nodeOkFraction(record(results.stats)),
    medianMs: quantile(latencies, 0.5),
    maxMs: quantile(latencies, 1),
    lostCount: num(workload?.['lost-count']),
  };
}

/** Judges figures against every criterion, in order. */
export function judge(criteria: readonly Criterion[], figures: ChallengeFigures): Judgement[] {
  return criteria.map((c) => ({ label: c.label, passed: c.passes(figures), measured: c.measured(figures) }));
}

/** Whether every criterion passed (true for an empty list). */
export function allPassed(judgements: readonly Judgement[]): boolean {
  return judgements.every((j) => j.passed);
}

/** The run is valid: top-level 'valid?' is exactly true ('unknown' does not pass). */
export function valid(label = 'valid'): Criterion {
  return { label, measured: (f) => String(f.valid), passes: (f) => f.valid === true };
}

/** Every client op completed ok: availability ok-fraction is 1. */
export function everyOpOk(label = 'every op ok'): Criterion {
  return { label, measured: (f) => fixed(f.okFraction), passes: (f) => f.okFraction === 1 };
}

/** Every op a node answers completed ok (kafka's client-side :crash ops aside; see nodeOkFraction). */
export function everyNodeOpOk(label = 'availability 1.0 (ops other than :crash)'): Criterion {
  return { label, measured: (f) => fixed(f.nodeOkFraction), passes: (f) => f.nodeOkFraction === 1 };
}

/** No node↔node or node↔service messages at all. */
export function zeroServerMessages(): Criterion {
  return { label: 'zero server messages', measured: (f) => fixed(f.serversMsgCount), passes: (f) => f.serversMsgCount === 0 };
}

/** :workload lost-count is 0. */
export function noLostElements(): Criterion {
  return { label: 'lost-count 0', measured: (f) => fixed(f.lostCount), passes: (f) => f.lostCount === 0 };
}

/** A bound kind: strict (`<`, the official pages' wording) or inclusive (`<=`, our targets). */
export type Bound = '<' | '<=';

const within = (value: number | undefined, bound: Bound, limit: number): boolean =>
  value !== undefined && (bound === '<' ? value < limit : value <= limit);

/** :net :servers :msgs-per-op below (or at most) a limit. */
export function mpo(bound: Bound, limit: number): Criterion {
  return { label: `mpo ${bound} ${limit}`, measured: (f) => fixed(f.serversMsgsPerOp), passes: (f) => within(f.serversMsgsPerOp, bound, limit) };
}

/** Stable-latency median (quantile 0.5) below (or at most) a limit in ms. */
export function median(bound: Bound, limitMs: number): Criterion {
  return { label: `median ${bound} ${limitMs} ms`, measured: (f) => ms(f.medianMs), passes: (f) => within(f.medianMs, bound, limitMs) };
}

/** Stable-latency max (quantile 1) below (or at most) a limit in ms. */
export function max(bound: Bound, limitMs: number): Criterion {
  return { label: `max ${bound} ${limitMs} ms`, measured: (f) => ms(f.maxMs), passes: (f) => within(f.maxMs, bound, limitMs) };
}

/**
 * Formats a figure compactly: integers as is, fractions to 3 decimals, or more when 3 would round a
 * non-integer to an integer (an ok-fraction of 0.99988 must not print as 1 beside a failed target).
 */
export function fixed(value: number | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Number.isInteger(value)) return String(value);
  for (let digits = 3; digits < 12; digits++) {
    const rounded = Math.round(value * 10 ** digits) / 10 ** digits;
    if (!Number.isInteger(rounded)) return String(rounded);
  }
  return String(value);
}

function ms(value: number | undefined): string | undefined {
  return value === undefined ? undefined : `${fixed(value)} ms`;
}

/** Ops that are not requests to a node: the kafka client's own crash, and a debug op. */
const CLIENT_SIDE_FS = new Set(['crash', 'debug-topic-partitions']);

function nodeOkFraction(stats: Record<string, unknown> | undefined): number | undefined {
  const byF = record(stats?.['by-f']);
  if (!byF) return undefined;
  let ok = 0;
  let count = 0;
  for (const [f, entry] of Object.entries(byF)) {
    if (CLIENT_SIDE_FS.has(f)) continue;
    ok += num(record(entry)?.['ok-count']) ?? 0;
    count += num(record(entry)?.count) ?? 0;
  }
  return count === 0 ? undefined : ok / count;
}

/** A quantile from a Map keyed by number or an object keyed by its string ('0.5', '1'). */
function quantile(latencies: unknown, point: number): number | undefined {
  if (latencies instanceof Map) return num(latencies.get(point) ?? latencies.get(String(point)));
  return num(record(latencies)?.[String(point)]);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map) ? (value as Record<string, unknown>) : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
