/** Builds hand-written histories for checker tests: indexes are assigned in call order. */
import type { Op, OpType } from '../../../../src/harness/history.js';

/** Milliseconds to the history's nanoseconds, so tests can be written in ms. */
export const ms = (milliseconds: number): number => Math.round(milliseconds * 1_000_000);

/** Appends ops with consecutive indexes. */
export class HistoryBuilder {
  readonly ops: Op[] = [];

  /** Appends one op; `time` is in nanoseconds. Returns it so a test can refer to it. */
  add(type: OpType, process: Op['process'], f: string, value: unknown, time: number, extra: Partial<Op> = {}): Op {
    const op: Op = { index: this.ops.length, time, type, process, f, value, ...extra };
    this.ops.push(op);
    return op;
  }

  /** An invocation. */
  invoke(process: Op['process'], f: string, value: unknown, time: number): Op {
    return this.add('invoke', process, f, value, time);
  }

  /** An ok completion. */
  ok(process: Op['process'], f: string, value: unknown, time: number): Op {
    return this.add('ok', process, f, value, time);
  }
}
