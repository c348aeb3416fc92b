/**
 * Composing checker results the way Jepsen's `checker/compose` and `check-safe` do (SPEC §5): each
 * checker's map is kept under its name, and the top-level 'valid?' is the worst of them.
 */

/** A checker verdict: true, false, or 'unknown' (could not decide; Jepsen's :unknown). */
export type Validity = true | false | 'unknown';

/** Anything a checker returns: a map with at least a 'valid?' entry. */
export type CheckerResult = Record<string, unknown>;

/** Jepsen's valid-priorities: false dominates 'unknown', which dominates true. */
const PRIORITY = new Map<unknown, number>([
  [true, 0],
  ['unknown', 0.5],
  [false, 1],
]);

/**
 * Merges verdicts with priority false > 'unknown' > true; true when there are none. Jepsen throws on
 * a value it does not know (even a missing one); we count it as 'unknown' so one sloppy checker
 * cannot crash the whole analysis.
 */
export function mergeValid(values: Iterable<unknown>): Validity {
  let merged: Validity = true;
  for (const value of values) {
    const known: Validity = PRIORITY.has(value) ? (value as Validity) : 'unknown';
    if ((PRIORITY.get(known) ?? 0) > (PRIORITY.get(merged) ?? 0)) merged = known;
  }
  return merged;
}

/** The composed results: every checker's result under its name plus a merged top-level 'valid?'. */
export function composeResults<T extends Record<string, CheckerResult>>(results: T): T & { 'valid?': Validity } {
  return { ...results, 'valid?': mergeValid(Object.values(results).map((r) => r['valid?'])) };
}

/** What `check-safe` turns an exception into. */
export function failedCheck(error: unknown): CheckerResult {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return { 'valid?': 'unknown', error: text };
}

/** Runs a synchronous checker; an exception becomes {'valid?': 'unknown', error} (Jepsen's check-safe). */
export function checkSafeSync(check: () => CheckerResult): CheckerResult {
  try {
    return check();
  } catch (error) {
    return failedCheck(error);
  }
}

/** Runs a checker that may be async; a throw or a rejection becomes {'valid?': 'unknown', error}. */
export async function checkSafe(check: () => CheckerResult | Promise<CheckerResult>): Promise<CheckerResult> {
  try {
    return await check();
  } catch (error) {
    return failedCheck(error);
  }
}
