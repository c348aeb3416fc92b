/**
 * What the runtime and a node exchange: the host a Node is built on (where lines go, time,
 * logging, its place among workers), handler and rpc option types, and traffic counters.
 */
import type { BaseBody, Message } from '../shared/protocol.js';
import type { Logger } from '../shared/log.js';
import type { SeenSet } from '../shared/seen-set.js';
import type { Clock } from './clock.js';

/** A message handler. Throw or reject with `{code, text}` to answer with that error. */
export type Handler<B extends BaseBody = BaseBody> = (message: Message<B>) => unknown;

/** Options for one `rpc` call. */
export interface RpcOptions {
  /** Reject with RpcError code 0 after this long. Default DEFAULT_RPC_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Abort the wait (the request may still take effect remotely). */
  signal?: AbortSignal;
}

/** Default `rpc` timeout: Maelstrom's own client default. */
export const DEFAULT_RPC_TIMEOUT_MS = 5000;

/** What the runtime supplies to a node: where lines go, time, logging, and its place among workers. */
export interface NodeHost {
  /** Writes one whole outgoing line (no trailing newline). */
  output(line: string): void;
  /** Hands a reply line to the worker that issued the RPC (several handler workers only). */
  forward?(workerIndex: number, line: string): void;
  /** Tells the other handler workers about init; resolves when their init hooks have run. */
  initPeers?(line: string): Promise<void>;
  /** Called once this node has sent init_ok (main then spreads input over all workers). */
  initialised?(initLine: string): void;
  clock: Clock;
  log: Logger;
  args: string[];
  workerIndex: number;
  workerCount: number;
  seenSet: SeenSet;
}

/** Counters a node keeps about its traffic. */
export interface NodeCounters {
  linesIn: number;
  linesOut: number;
  dropped: number;
}
