/**
 * The error an RPC rejects with. It carries Maelstrom's `{code, text}` as own properties, so it is
 * also valid error data: a handler may rethrow it and the runtime replies with the same code.
 */
import { isDefinite, type ErrorData } from '../shared/errors.js';
import type { BaseBody } from '../shared/protocol.js';

/** Why an RPC failed: an error reply, no reply in time, or the caller's AbortSignal. */
export type RpcFailure = 'reply' | 'timeout' | 'aborted';

/** An RPC failure as data plus a stack. `code` 0 for timeouts and aborts (outcome unknown). */
export class RpcError extends Error implements ErrorData {
  readonly code: number;
  readonly text: string;
  readonly failure: RpcFailure;
  /** The error reply body, when `failure` is 'reply'. */
  readonly body?: BaseBody;

  constructor(code: number, text: string, failure: RpcFailure = 'reply', body?: BaseBody) {
    super(`error ${code}: ${text}`);
    this.name = 'RpcError';
    this.code = code;
    this.text = text;
    this.failure = failure;
    this.body = body;
  }

  /** Whether the operation certainly did not and will not happen (Maelstrom's error table). */
  get definite(): boolean {
    return this.failure === 'reply' && isDefinite(this.code);
  }
}

/** Whether a thrown value is an RpcError (or plain `{code, text}` data with the given code). */
export function hasErrorCode(error: unknown, code: number): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
