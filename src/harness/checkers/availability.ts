/**
 * The :availability checker (SPEC §5, `M:src/maelstrom/checker.clj`): the fraction of client
 * invocations that completed ok, against the `--availability` goal.
 */
import { NEMESIS, type Op } from '../history.js';
import { toSinglePrecision } from '../quantiles.js';
import { ednFloats } from '../edn.js';

/** `--availability`: absent (no goal), 'total' (every op ok), or a minimum ok fraction in [0, 1]. */
export type AvailabilityGoal = undefined | 'total' | number;

/** The :availability result. */
export interface AvailabilityResult extends Record<string, unknown> {
  'valid?': boolean;
  /** ok completions / invocations, as a single-precision float; 1 when nothing was invoked. */
  'ok-fraction': number;
}

/** Measures the ok fraction of client ops and checks it against `availability`. */
export function checkAvailability(history: Op[], availability: AvailabilityGoal): AvailabilityResult {
  let oks = 0;
  let invokes = 0;
  for (const op of history) {
    // Jepsen's nemesis ops are :info, so they never count; we exclude them by process as well.
    if (op.process === NEMESIS) continue;
    if (op.type === 'ok') oks++;
    else if (op.type === 'invoke') invokes++;
  }
  // Clojure compares the goal with the float itself (0.7 > (float 0.7)), so we do too.
  const single = invokes === 0 ? 1 : Math.fround(oks / invokes);
  const fraction = invokes === 0 ? 1 : toSinglePrecision(oks / invokes);
  let valid = true;
  if (availability === 'total') valid = single === 1;
  else if (typeof availability === 'number') valid = availability <= single;
  else if (availability !== undefined) throw new Error(`Don't know how to handle availability ${JSON.stringify(availability)}`);
  return ednFloats({ 'valid?': valid, 'ok-fraction': fraction }, 'ok-fraction');
}
