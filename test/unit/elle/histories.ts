/** A tiny builder for hand-written txn histories: invoke and complete ops in a chosen order. */
import type { Op, OpType } from '../../../src/harness/history.js';

/** A micro-op as written in tests: `['r', 'x', 1]`; keys may be any primitive. */
export type TestMop = [string, unknown, unknown];

/** Builds a history op by op; times advance 1 ms per op. */
export class HistoryBuilder {
  readonly ops: Op[] = [];
  private readonly pending = new Map<number, TestMop[]>();

  /** Process p invokes a txn (reads carry null). */
  invoke(process: number, txn: TestMop[]): this {
    this.pending.set(process, txn);
    return this.push('invoke', process, txn.map(([f, k, v]) => [f, k, f === 'r' ? null : v]));
  }

  /** Process p's txn completes with the given type; `txn` is the completed value (defaults to the invoked one). */
  complete(process: number, type: Exclude<OpType, 'invoke'>, txn?: TestMop[]): this {
    const value = txn ?? this.pending.get(process)!;
    this.pending.delete(process);
    return this.push(type, process, value);
  }

  /** Invoke and complete back to back: a txn no other txn overlaps. */
  txn(process: number, type: Exclude<OpType, 'invoke'>, txn: TestMop[]): this {
    return this.invoke(process, txn).complete(process, type, txn);
  }

  private push(type: OpType, process: number, value: unknown): this {
    const index = this.ops.length;
    this.ops.push({ index, time: index * 1_000_000, type, process, f: 'txn', value });
    return this;
  }
}
