/**
 * The table of RPCs awaiting a reply. Unlike Maelstrom's Go library, a call that times out or is
 * aborted is removed at once and its timer is cleared, so a late reply finds nothing and is ignored,
 * and a node making millions of calls keeps neither callbacks nor timers for the dead ones.
 */
import type { BaseBody } from '../shared/protocol.js';
import type { Clock, TimerHandle } from './clock.js';
import { RpcError } from './rpc-error.js';
import { TRACING } from '../shared/trace.js';
import { traceRpc } from './trace-hooks.js';

interface Pending {
  resolve(body: BaseBody): void;
  reject(error: RpcError): void;
  timer: TimerHandle;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** Outstanding calls by msg_id. */
export class PendingRpcs {
  private readonly calls = new Map<number, Pending>();

  constructor(private readonly clock: Clock) {}

  /** Calls still waiting. */
  get size(): number {
    return this.calls.size;
  }

  /**
   * Registers a call and returns its promise: resolves with the reply body, rejects with RpcError
   * for an error reply, after `timeoutMs` (code 0, failure 'timeout'), or when `signal` aborts.
   * Register before sending, so an instant reply cannot miss its entry.
   */
  register(msgId: number, timeoutMs: number, signal?: AbortSignal): Promise<BaseBody> {
    return new Promise<BaseBody>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new RpcError(0, 'aborted before sending', 'aborted'));
        return;
      }
      const timer = this.clock.setTimeout(() => {
        if (TRACING) traceRpc('timeout', { msgId, timeoutMs });
        this.settle(msgId)?.reject(new RpcError(0, `no reply within ${timeoutMs} ms`, 'timeout'));
      }, timeoutMs);
      const pending: Pending = { resolve, reject, timer, signal };
      if (signal) {
        pending.onAbort = () => this.settle(msgId)?.reject(new RpcError(0, 'aborted by caller', 'aborted'));
        signal.addEventListener('abort', pending.onAbort, { once: true });
      }
      this.calls.set(msgId, pending);
    });
  }

  /** Delivers a reply. Returns false when no call waits for it (late, duplicate or unknown). */
  deliver(inReplyTo: number, body: BaseBody): boolean {
    const pending = this.settle(inReplyTo);
    if (!pending) return false;
    if (body.type === 'error') {
      const code = typeof body.code === 'number' ? body.code : 13;
      const text = typeof body.text === 'string' ? body.text : '';
      pending.reject(new RpcError(code, text, 'reply', body));
    } else {
      pending.resolve(body);
    }
    return true;
  }

  /** Whether a call waits for this msg_id. */
  has(msgId: number): boolean {
    return this.calls.has(msgId);
  }

  /** Removes an entry and releases its timer and abort listener; returns it for settling. */
  private settle(msgId: number): Pending | undefined {
    const pending = this.calls.get(msgId);
    if (!pending) return undefined;
    this.calls.delete(msgId);
    this.clock.clearTimeout(pending.timer);
    if (pending.signal && pending.onAbort) pending.signal.removeEventListener('abort', pending.onAbort);
    return pending;
  }
}
