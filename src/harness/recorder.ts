/**
 * Appends ops to the history, stamping index and time (SPEC §4.5): invocations with their
 * scheduled time, completions with the time the interpreter received them.
 */
import type { Op } from './history.js';

/** The growing history. */
export class HistoryRecorder {
  /** Every op so far, in order. */
  readonly ops: Op[] = [];

  /** `onAppend` sees every op as it is recorded (progress counts). */
  constructor(private readonly onAppend?: (op: Op) => void) {}

  /** Appends an op, assigning its index. */
  append(op: Omit<Op, 'index'>): Op {
    const full = { index: this.ops.length, ...op } as Op;
    this.ops.push(full);
    this.onAppend?.(full);
    return full;
  }
}
