/**
 * The plug-in contract between the harness's interpreter and a workload (SPEC §2, §4). A workload
 * supplies op generators, a client that turns an op into RPCs against one node, and a checker.
 * The interpreter supplies the clock, the global rate stagger, threads, processes and RPC plumbing.
 */
import type { BaseBody } from '../shared/protocol.js';
import { errorName, isDefinite } from '../shared/errors.js';
import type { Op } from './history.js';

/**
 * A closed response schema, as Maelstrom's defrpc declares them (SPEC §1.6). `int` rejects JSON
 * numbers written with a decimal point or exponent; `array` also accepts null (Prismatic quirk).
 */
export type Schema =
  | 'any'
  | 'int'
  | 'string'
  | 'bool'
  | { array: Schema }
  | { tuple: Schema[] }
  | { mapOf: Schema }
  | { object: Record<string, Schema>; optional?: Record<string, Schema> };

/** What one RPC from a Maelstrom client produced. */
export type RpcOutcome =
  | { kind: 'ok'; body: BaseBody }
  | { kind: 'error'; code: number; text: string; body: BaseBody }
  | { kind: 'timeout' }
  /** The reply broke its response schema: the op becomes info with an exception. */
  | { kind: 'malformed'; reason: string; body: unknown };

/** The RPC facility a workload client gets: one request in flight, to its own node. */
export interface ClientRpc {
  /** The node this client talks to (thread i → nodes[i mod N]). */
  readonly node: string;
  /**
   * Sends `body` (msg_id is added) and waits for the reply with `in_reply_to` equal to it.
   * `response` lists the reply's keys besides type/in_reply_to/msg_id; `type` is the expected reply
   * type. Resolves, never rejects. Default timeout 5000 ms.
   */
  call(body: BaseBody, expect: { type: string; response: Record<string, Schema>; optional?: Record<string, Schema> }, timeoutMs?: number): Promise<RpcOutcome>;
}

/** An op as a generator emits it, before the interpreter stamps index/time/process. */
export interface OpTemplate {
  f: string;
  value: unknown;
  final?: boolean;
}

/** How an op ended, as a client reports it. */
export interface Completion {
  type: 'ok' | 'fail' | 'info';
  value: unknown;
  error?: unknown;
  exception?: unknown;
}

/** What a generator knows when asked for the next op. */
export interface GeneratorContext {
  /** Client thread, 0..concurrency-1. */
  thread: number;
  /** Jepsen process currently on that thread. */
  process: number;
  /** Nanoseconds since relative time began. */
  time: number;
  /** Number of client threads. */
  concurrency: number;
  /** Server node ids. */
  nodes: string[];
}

/**
 * A source of ops. `undefined` means this generator is exhausted for that thread; `'pending'` means
 * nothing right now, ask again shortly (used by kafka's final polling loop).
 */
export interface OpGenerator {
  next(ctx: GeneratorContext): OpTemplate | 'pending' | undefined;
  /** Observes every completed op, for generators that react to results (kafka final phase). */
  update?(invocation: Op, completion: Op): void;
}

/** Per-process client state (kafka keeps offsets here). A fresh one per Jepsen client. */
export interface WorkloadClient {
  /** Runs one op to completion. Must resolve, never reject. */
  invoke(op: OpTemplate, rpc: ClientRpc): Promise<Completion>;
}

/** Options a workload reads from the CLI. */
export interface WorkloadOptions {
  nodes: string[];
  concurrency: number;
  latencyMs: number;
  topology: string;
  consistencyModels: string[];
  keyCount?: number;
  maxTxnLength: number;
  maxWritesPerKey: number;
  /** Seeded random source in [0, 1). */
  random: () => number;
}

/** A workload: generators, client, checker. */
export interface Workload {
  name: string;
  /** Whether a client survives an info op (unique-ids, lin-kv, txn) or is replaced (SPEC §4.4). */
  reusableClient: boolean;
  /** Client setup per node, before any op (broadcast sends topology). Rejects to abort the test. */
  setup?(rpc: ClientRpc, options: WorkloadOptions): Promise<void>;
  /** The main-phase generator (the interpreter staggers it at the global rate). */
  generator(options: WorkloadOptions): OpGenerator;
  /** The final phase, for workloads that have one (SPEC §2: heal, wait 10 s, then this). */
  finalGenerator?(options: WorkloadOptions): OpGenerator;
  /** A fresh client. */
  client(options: WorkloadOptions): WorkloadClient;
  /** The workload checker: the `:workload` entry of the results. */
  check(history: Op[], options: WorkloadOptions): Promise<Record<string, unknown>> | Record<string, unknown>;
}

/**
 * Maelstrom's `with-errors` (SPEC §1.5): a timeout is fail for idempotent fs and info otherwise;
 * an RPC error is fail when its code is definite or the f idempotent, info otherwise. A malformed
 * reply is info with an exception. `onOk` builds the ok completion's value.
 */
export function withErrors(outcome: RpcOutcome, op: OpTemplate, idempotent: ReadonlySet<string>, onOk: (body: BaseBody) => unknown): Completion {
  switch (outcome.kind) {
    case 'ok':
      return { type: 'ok', value: onOk(outcome.body) };
    case 'timeout':
      return { type: idempotent.has(op.f) ? 'fail' : 'info', value: op.value, error: 'net-timeout' };
    case 'error': {
      const definite = isDefinite(outcome.code) || idempotent.has(op.f);
      return { type: definite ? 'fail' : 'info', value: op.value, error: [errorName(outcome.code), outcome.text] };
    }
    case 'malformed':
      return malformed(outcome, op);
  }
}

/**
 * For clients that do not use with-errors (counters, g-set): any error or timeout is an uncaught
 * exception, so the op is info with the exception recorded.
 */
export function withoutErrors(outcome: RpcOutcome, op: OpTemplate, onOk: (body: BaseBody) => unknown): Completion {
  switch (outcome.kind) {
    case 'ok':
      return { type: 'ok', value: onOk(outcome.body) };
    case 'timeout':
      return { type: 'info', value: op.value, error: 'indeterminate: RPC timed out', exception: { class: 'timeout', message: 'RPC timed out' } };
    case 'error':
      return { type: 'info', value: op.value, error: `indeterminate: ${errorName(outcome.code)}: ${outcome.text}`, exception: { class: 'rpc-error', code: outcome.code, text: outcome.text } };
    case 'malformed':
      return malformed(outcome, op);
  }
}

function malformed(outcome: { reason: string; body: unknown }, op: OpTemplate): Completion {
  return {
    type: 'info',
    value: op.value,
    error: `indeterminate: malformed-rpc-response: ${outcome.reason}`,
    exception: { class: 'malformed-rpc-response', message: outcome.reason, body: outcome.body },
  };
}
