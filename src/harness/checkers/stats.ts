/**
 * The :stats checker (SPEC §5, Jepsen `checker/stats` wrapped in `jepsen.kafka/stats-checker`, as
 * Maelstrom composes it for every workload): completion counts overall and per f, where an f with no
 * ok completion at all makes the test invalid.
 */
import { NEMESIS, type Op } from '../history.js';
import { mergeValid } from './compose.js';

/** fs the kafka wrapper forgives for never succeeding (it applies to every Maelstrom workload). */
const FORGIVEN_FS: ReadonlySet<string> = new Set(['crash', 'debug-topic-partitions']);

/** Completion counts for one f, or for all of them. */
export interface CompletionCounts extends Record<string, unknown> {
  'valid?': boolean;
  count: number;
  'ok-count': number;
  'fail-count': number;
  'info-count': number;
}

/** The :stats result. 'by-f' is ordered by f, as Clojure's sorted map. */
export interface StatsResult extends Record<string, unknown> {
  'valid?': boolean;
  count: number;
  'ok-count': number;
  'fail-count': number;
  'info-count': number;
  'by-f': Record<string, CompletionCounts>;
}

/** Counts client completions overall and per f; valid iff every f has an ok (or is forgiven). */
export function checkStats(history: Op[]): StatsResult {
  const all = emptyCounts();
  const byF = new Map<string, CompletionCounts>();
  for (const op of history) {
    if (op.type === 'invoke' || op.process === NEMESIS) continue;
    let counts = byF.get(op.f);
    if (!counts) byF.set(op.f, (counts = emptyCounts()));
    tally(all, op);
    tally(counts, op);
  }
  const fs = [...byF.keys()].sort();
  const sortedByF = Object.fromEntries(fs.map((f) => [f, byF.get(f)!]));
  const merged = mergeValid(fs.map((f) => byF.get(f)!['valid?'])) === true;
  const forgiven = fs.every((f) => FORGIVEN_FS.has(f) || byF.get(f)!['valid?']);
  return {
    'valid?': merged || forgiven,
    count: all.count,
    'ok-count': all['ok-count'],
    'fail-count': all['fail-count'],
    'info-count': all['info-count'],
    'by-f': sortedByF,
  };
}

function emptyCounts(): CompletionCounts {
  return { 'valid?': false, count: 0, 'ok-count': 0, 'fail-count': 0, 'info-count': 0 };
}

function tally(counts: CompletionCounts, op: Op): void {
  counts.count++;
  if (op.type === 'ok') counts['ok-count']++;
  else if (op.type === 'fail') counts['fail-count']++;
  else counts['info-count']++;
  counts['valid?'] = counts['ok-count'] > 0;
}
