/**
 * Input flow control for the main thread. Stdin is paused while any reason holds: stdout is full
 * (the reader is slow) or the workers have too many unprocessed line batches queued (the node is
 * slow). Then the pipe fills and the writer (Maelstrom) blocks, instead of this process buffering
 * an unbounded backlog in its ports.
 */

/** Pauses an input while any named reason holds it; resumes when none does. */
export class InputGate {
  private readonly reasons = new Set<string>();

  constructor(private readonly input: { pause(): unknown; resume(): unknown }) {}

  /** Whether the input is paused. */
  get held(): boolean {
    return this.reasons.size > 0;
  }

  /** Adds a reason to pause (idempotent per reason). */
  hold(reason: string): void {
    if (this.reasons.size === 0) this.input.pause();
    this.reasons.add(reason);
  }

  /** Removes a reason; resumes the input when it was the last one. */
  release(reason: string): void {
    if (this.reasons.delete(reason) && this.reasons.size === 0) this.input.resume();
  }
}

/** Batches handed to workers and not yet processed, with high/low water marks on their total. */
export class BatchCredit {
  private readonly outstanding: number[];
  private total = 0;

  constructor(
    workers: number,
    private readonly gate: InputGate,
    /** Hold input at this many unprocessed batches (a batch is one stdin chunk, at most 64 KB). */
    private readonly highWater = 64,
    /** Release it again at this many. */
    private readonly lowWater = 16,
  ) {
    this.outstanding = Array<number>(workers).fill(0);
  }

  /** Unprocessed batches across workers. */
  get pending(): number {
    return this.total;
  }

  /** A batch was handed to worker `index`. */
  posted(index: number): void {
    this.outstanding[index]++;
    if (++this.total >= this.highWater) this.gate.hold('workers');
  }

  /** Worker `index` finished `batches` batches. */
  consumed(index: number, batches: number): void {
    const done = Math.min(batches, this.outstanding[index]);
    this.outstanding[index] -= done;
    this.total -= done;
    if (this.total <= this.lowWater) this.gate.release('workers');
  }

  /** Worker `index` died: its batches will never be processed. */
  lost(index: number): void {
    this.consumed(index, this.outstanding[index]);
  }
}
