/**
 * Jepsen-style history operations, as the harness records them and every checker reads them
 * (SPEC §0 notation, §4.5). Values keep Maelstrom's shapes so results read the same.
 */

/** `invoke` starts an op; `ok`, `fail` (definitely did not happen) or `info` (unknown) completes it. */
export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

/** The nemesis's process id; every other process is a client process number. */
export const NEMESIS = 'nemesis' as const;

/** One history entry. */
export interface Op {
  /** Position in the history, from 0. */
  index: number;
  /** Nanoseconds since the test's relative time began. */
  time: number;
  type: OpType;
  /** Client process (thread i starts as process i; +concurrency after each info) or the nemesis. */
  process: number | typeof NEMESIS;
  /** Operation name: echo, generate, broadcast, read, add, send, poll, assign, crash, txn, ... */
  f: string;
  value: unknown;
  /** Set on fail/info completions: `[name, text]` for an RPC error, `net-timeout` for a timeout. */
  error?: unknown;
  /** Set on info completions caused by an exception (schema-invalid reply, ...). */
  exception?: unknown;
  /** Set on final-phase ops (broadcast/counter final reads). */
  final?: boolean;
}

/** Client ops only: everything but the nemesis. */
export function clientOps(history: readonly Op[]): Op[] {
  return history.filter((op) => op.process !== NEMESIS);
}

/**
 * Pairs every invocation with its completion (the next op of the same process). An invocation
 * with no completion is paired with undefined.
 */
export function pairInvocations(history: readonly Op[]): Array<[Op, Op | undefined]> {
  const open = new Map<Op['process'], number>();
  const pairs: Array<[Op, Op | undefined]> = [];
  for (const op of history) {
    if (op.type === 'invoke') {
      open.set(op.process, pairs.length);
      pairs.push([op, undefined]);
    } else {
      const at = open.get(op.process);
      if (at !== undefined) {
        pairs[at][1] = op;
        open.delete(op.process);
      }
    }
  }
  return pairs;
}
