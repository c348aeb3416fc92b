/**
 * The echo workload's checker (SPEC §2.1, `M:workload/echo.clj`): every invocation's text must come
 * back as the `echo` field of its completion. A fail or info completion still carries the invoked
 * string, which has no `echo` field, so it is an error too — Maelstrom's behaviour, kept on purpose.
 */
import { NEMESIS, pairInvocations, type Op } from '../history.js';
import { isDeepStrictEqual } from 'node:util';

/** One mismatch, shaped like Maelstrom's: ["Expected a message with :echo" sent "But received" got]. */
export type EchoError = [string, unknown, string, unknown];

/** Result of the echo checker. */
export interface EchoResult extends Record<string, unknown> {
  'valid?': boolean;
  errors: EchoError[];
}

/** Checks that every echo completion echoes its invocation's value. */
export function checkEcho(history: Op[]): EchoResult {
  const errors: EchoError[] = [];
  for (const [invoke, complete] of pairInvocations(history.filter((op) => op.process !== NEMESIS))) {
    const received = complete?.value ?? null;
    if (!isDeepStrictEqual(invoke.value ?? null, echoField(received))) {
      errors.push(['Expected a message with :echo', invoke.value, 'But received', received]);
    }
  }
  return { 'valid?': errors.length === 0, errors };
}

/** Clojure's `(:echo value)`: the field of a map, nil for anything else. */
function echoField(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return (value as Record<string, unknown>).echo ?? null;
  }
  return null;
}
