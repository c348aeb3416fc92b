/**
 * The kafka workload checker (SPEC §2.7, J:tests/kafka.clj checker). Builds the shared analysis,
 * runs every check, and reports Maelstrom's result map with string keys: `valid?`,
 * `worst-realtime-lag`, `bad-error-types`, `error-types`, `info-txn-causes`, and one
 * `{count, errs}` entry per error type found (`unseen` is `{time, unseen, messages}`).
 */
import type { Op } from '../history.js';
import { analyze } from './analysis.js';
import type { KafkaError } from './checks.js';
import {
  duplicateCases, g1aCases, intPollCases, lostWriteCases, noWriterCases, nonmonotonicSendCases,
  pollSkipCases, realtimeCycleCases,
} from './checks.js';
import { lastUnseen, worstRealtimeLag } from './lag.js';
import { ednList } from '../edn.js';

/** Error types that never invalidate a Maelstrom kafka test (assign, no ww-deps). */
export const ALLOWED_ERROR_TYPES: ReadonlySet<string> = new Set([
  'int-send-skip', 'G0', 'G0-process', 'G0-realtime', 'PL-1-cycle-exists', 'strong-PL-1-cycle-exists',
]);

const byDelta = (x: KafkaError, y: KafkaError) => (x.delta as number) - (y.delta as number);

/** Jepsen's condense-error: how many examples of each type are kept, and which. */
function condense(type: string, errs: KafkaError[]): { count: number; errs: KafkaError[] } {
  const sorted = (cmp: (x: KafkaError, y: KafkaError) => number) => [...errs].sort(cmp);
  switch (type) {
    case 'duplicate':
      return { count: errs.length, errs: sorted((x, y) => (x.count as number) - (y.count as number)).slice(0, 32) };
    case 'inconsistent-offsets':
      return { count: errs.length, errs: sorted((x, y) => (x.values as unknown[]).length - (y.values as unknown[]).length).slice(0, 32) };
    case 'int-nonmonotonic-poll':
    case 'int-nonmonotonic-send':
    case 'nonmonotonic-poll':
    case 'nonmonotonic-send':
      return { count: errs.length, errs: sorted(byDelta).slice(0, 8) };
    case 'int-poll-skip':
    case 'int-send-skip':
    case 'poll-skip':
      return { count: errs.length, errs: sorted(byDelta).slice(-8) };
    case 'G1c-realtime':
      return { count: errs.length, errs: errs.slice(0, 8) };
    default:
      return { count: errs.length, errs };
  }
}

/** Checks a kafka history; `valid?` is false iff some error type outside the allowed set occurred. */
export function checkKafka(history: readonly Op[]): Record<string, unknown> {
  const a = analyze(history);
  const intPoll = intPollCases(a);
  const poll = pollSkipCases(a);
  const found: Record<string, KafkaError[]> = {
    duplicate: duplicateCases(a),
    'int-poll-skip': intPoll.skip,
    'int-nonmonotonic-poll': intPoll.nonmonotonic,
    'inconsistent-offsets': a.inconsistentOffsets as unknown as KafkaError[],
    G1a: g1aCases(a),
    'lost-write': lostWriteCases(a),
    'nonmonotonic-poll': poll.nonmonotonic,
    'nonmonotonic-send': nonmonotonicSendCases(a),
    'poll-skip': poll.skip,
    'G1c-realtime': realtimeCycleCases(a),
    'no-writer-of-value': noWriterCases(a),
  };
  const result: Record<string, unknown> = {};
  const types: string[] = [];
  for (const [type, errs] of Object.entries(found)) {
    if (errs.length === 0) continue;
    types.push(type);
    result[type] = condense(type, errs);
  }
  const unseen = lastUnseen(a);
  if (unseen) {
    types.push('unseen');
    result.unseen = unseen;
  }
  types.sort();
  const bad = types.filter((t) => !ALLOWED_ERROR_TYPES.has(t));
  const causes = new Map<string, unknown>();
  for (const op of a.history) {
    if (op.type === 'info' && (op.f === 'send' || op.f === 'poll' || op.f === 'txn')) causes.set(JSON.stringify(op.error ?? null), op.error ?? null);
  }
  return {
    'valid?': bad.length === 0,
    'worst-realtime-lag': worstRealtimeLag(a),
    'bad-error-types': ednList(bad),
    'error-types': ednList(types),
    'info-txn-causes': ednList([...causes.values()]),
    ...result,
  };
}
