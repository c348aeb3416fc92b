/**
 * The :exceptions checker (SPEC §5, Jepsen `unhandled-exceptions`): info ops that carry an exception,
 * grouped by exception class, most frequent first. Informational: always valid.
 */
import type { Op } from '../history.js';

/** One group of same-class exceptions, with the first op that raised one. */
export interface ExceptionGroup extends Record<string, unknown> {
  count: number;
  class: unknown;
  example: Op;
}

/** Groups info ops with an exception by class; adds 'exceptions' only when there are any. */
export function checkExceptions(history: Op[]): Record<string, unknown> {
  const groups = new Map<string, ExceptionGroup>();
  for (const op of history) {
    if (op.type !== 'info' || op.exception === undefined || op.exception === null || op.exception === false) continue;
    const exceptionClass = classOf(op.exception);
    const key = JSON.stringify(exceptionClass) ?? 'null';
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { count: 1, class: exceptionClass, example: op });
  }
  if (groups.size === 0) return { 'valid?': true };
  // Stable sort: equally frequent classes keep the order they first appeared in.
  const exceptions = [...groups.values()].sort((x, y) => y.count - x.count);
  return { 'valid?': true, exceptions };
}

/**
 * Our clients record `{class, message, ...}`; a Jepsen-style `{via: [{type}]}` map (as Clojure's
 * Throwable->map gives) is understood too. Anything else is its own class.
 */
function classOf(exception: unknown): unknown {
  if (typeof exception !== 'object' || exception === null) return exception;
  const record = exception as { class?: unknown; via?: Array<{ type?: unknown }> };
  if (record.class !== undefined) return record.class;
  if (Array.isArray(record.via) && record.via.length > 0) return record.via[0]?.type ?? null;
  return null;
}
