/**
 * Retry with exponential backoff and jitter, on the node's injected clock. By default it retries
 * only what may succeed next time: indefinite errors (timeouts, crashes, unknown codes) and
 * temporarily-unavailable; a definite refusal such as precondition-failed is returned at once.
 */
import { ErrorCode } from '../shared/errors.js';
import type { Clock } from './clock.js';
import { RpcError } from './rpc-error.js';
import { TRACING } from '../shared/trace.js';
import { traceRpc } from './trace-hooks.js';

/** How `retry` waits and when it gives up. */
export interface RetryOptions {
  /** The clock to sleep on (use `node.clock`). */
  clock: Clock;
  /** Total attempts including the first. Default 5; Infinity retries until success or abort. */
  attempts?: number;
  /** First backoff delay. Default 10 ms. */
  minDelayMs?: number;
  /** Cap on a single delay. Default 1000 ms. */
  maxDelayMs?: number;
  /** Delay multiplier per attempt. Default 2. */
  factor?: number;
  /** Stops retrying (rejects with the signal's reason) when aborted. */
  signal?: AbortSignal;
  /** Whether an error is worth another attempt. Default `isRetryable`. */
  retryIf?: (error: unknown) => boolean;
}

/** The default retry test: indefinite RPC errors and temporarily-unavailable. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof RpcError) || error.failure === 'aborted') return false;
  return !error.definite || error.code === ErrorCode.temporarilyUnavailable;
}

/** Calls `fn(attempt)` (attempt counts from 1) until it resolves, backing off between failures. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { clock, signal } = options;
  const attempts = options.attempts ?? 5;
  const minDelay = options.minDelayMs ?? 10;
  const maxDelay = options.maxDelayMs ?? 1000;
  const factor = options.factor ?? 2;
  const retryIf = options.retryIf ?? isRetryable;
  if (!(attempts >= 1)) throw new RangeError(`retry: attempts must be at least 1; got ${attempts}`);
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= attempts || !retryIf(error)) throw error;
    }
    if (TRACING) traceRpc('retry', { attempt });
    const ceiling = Math.min(maxDelay, minDelay * factor ** (attempt - 1));
    // Full jitter: retries from many callers spread out instead of arriving together.
    await sleep(clock, ceiling / 2 + (Math.random() * ceiling) / 2, signal);
  }
}

/** Resolves after `ms` on `clock`; rejects early if `signal` aborts, clearing the timer. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
