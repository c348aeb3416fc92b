/**
 * The options of one `glomers test` run, as the CLI builds them (SPEC §7), with Maelstrom's
 * defaults.
 */
import type { LatencySpec } from './net/latency.js';

/** Everything a run needs. */
export interface TestOptions {
  /** -w/--workload (default lin-kv, as Maelstrom). */
  workload: string;
  /** --bin: the node executable. */
  bin: string;
  /** Positional args after the flags: the node's argv. */
  binArgs: string[];
  /** n1..n5 by default; n0..n{N-1} with --node-count. */
  nodes: string[];
  /** Client threads (--concurrency, default 1n). */
  concurrency: number;
  /** --time-limit seconds (default 60). */
  timeLimitS: number;
  /** --rate ops/s, total (default 5). */
  rate: number;
  latency: LatencySpec;
  /** --nemesis faults (only 'partition'). */
  nemesis: string[];
  /** --nemesis-interval seconds (default 10). */
  nemesisIntervalS: number;
  /** --topology (default grid). */
  topology: string;
  /** --availability: undefined, 'total' or a fraction. */
  availability: undefined | 'total' | number;
  logStderr: boolean;
  logNetSend: boolean;
  logNetRecv: boolean;
  consistencyModels: string[];
  keyCount: number | undefined;
  maxTxnLength: number;
  maxWritesPerKey: number;
  /** --seed: every random choice of the run derives from it. */
  seed: number;
  /** --store: the store root (default ./store). */
  storeRoot: string;
  /** --recovery-time: seconds of quiet before the final phase (Maelstrom: 10). */
  recoveryS: number;
  /** --trace: nodes write Chrome traces to <run folder>/traces/ (GLOMERS_TRACE; glomers only). */
  trace?: boolean;
}

/** Maelstrom's defaults (SPEC §7), for every option that has one. */
export const DEFAULTS = {
  workload: 'lin-kv',
  timeLimitS: 60,
  rate: 5,
  latencyMs: 0,
  latencyDist: 'constant',
  nemesisIntervalS: 10,
  topology: 'grid',
  concurrency: '1n',
  consistencyModels: 'strict-serializable',
  maxTxnLength: 4,
  maxWritesPerKey: 16,
  storeRoot: 'store',
  recoveryS: 10,
} as const;

/** Jepsen's default node list when --node-count is not given. */
export const DEFAULT_NODES = ['n1', 'n2', 'n3', 'n4', 'n5'];

/** A failure that ends the run with a specific exit code (254 bad arguments, 255 crash). */
export class HarnessError extends Error {
  constructor(
    message: string,
    /** Process exit code. */
    readonly exitCode: 254 | 255,
  ) {
    super(message);
  }
}
