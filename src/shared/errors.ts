/**
 * Maelstrom's error codes and whether each is definite, in one table (SPEC §1.5).
 * Errors cross thread and process boundaries as plain `{code, text}` data, never as class
 * instances, because a class loses its identity when it is structured-cloned.
 */

/** An error as it travels: a Maelstrom code and a human-readable text. */
export interface ErrorData {
  code: number;
  text: string;
}

/** One row of Maelstrom's error table. */
export interface ErrorKind {
  name: string;
  /** Definite: the operation certainly did not and never will take effect. */
  definite: boolean;
}

/** Maelstrom's named error codes (resources/errors.edn). */
export const ErrorCode = {
  timeout: 0,
  nodeNotFound: 1,
  notSupported: 10,
  temporarilyUnavailable: 11,
  malformedRequest: 12,
  crash: 13,
  abort: 14,
  keyDoesNotExist: 20,
  keyAlreadyExists: 21,
  preconditionFailed: 22,
  txnConflict: 30,
} as const;

/** The table itself; codes not in it are custom and always indefinite. */
export const ERROR_KINDS: ReadonlyMap<number, ErrorKind> = new Map([
  [0, { name: 'timeout', definite: false }],
  [1, { name: 'node-not-found', definite: true }],
  [10, { name: 'not-supported', definite: true }],
  [11, { name: 'temporarily-unavailable', definite: true }],
  [12, { name: 'malformed-request', definite: true }],
  [13, { name: 'crash', definite: false }],
  [14, { name: 'abort', definite: true }],
  [20, { name: 'key-does-not-exist', definite: true }],
  [21, { name: 'key-already-exists', definite: true }],
  [22, { name: 'precondition-failed', definite: true }],
  [30, { name: 'txn-conflict', definite: true }],
]);

/** Whether an error code means the operation definitely did not happen. Unknown codes are indefinite. */
export function isDefinite(code: number): boolean {
  return ERROR_KINDS.get(code)?.definite ?? false;
}

/** Maelstrom's keyword name for a code, `unknown` for custom codes. */
export function errorName(code: number): string {
  return ERROR_KINDS.get(code)?.name ?? 'unknown';
}

/** Builds the error data for a code. */
export function errorData(code: number, text: string): ErrorData {
  return { code, text };
}

/** Whether a value has the shape of error data (for values that crossed a boundary). */
export function isErrorData(value: unknown): value is ErrorData {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorData).code === 'number' &&
    typeof (value as ErrorData).text === 'string'
  );
}

/** A thrown value as log or error text: an Error's message, anything else as a string. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
