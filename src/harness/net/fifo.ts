/**
 * The network's fast path: a ring of deliveries whose deadlines never decrease in send order.
 * With constant latency (the common case, and every client message at 0) each new deadline is at
 * least the last one, so appending keeps (deadline, seq) order and costs O(1) instead of a heap
 * push and pop. Deadlines and sequence numbers live in typed arrays, so an entry allocates
 * nothing beyond the message itself (a double field on an object would be a boxed number).
 */

/** A FIFO of items with non-decreasing deadlines; `accepts` says whether a deadline may go last. */
export class DeadlineFifo<T> {
  private items: (T | undefined)[];
  private deadlines: Float64Array;
  private seqs: Float64Array;
  private head = 0;
  private count = 0;
  private mask: number;
  private last = -Infinity;

  /** `capacity` is rounded up to a power of two; the ring doubles when full. */
  constructor(capacity = 1024) {
    let size = 16;
    while (size < capacity) size *= 2;
    this.items = new Array<T | undefined>(size).fill(undefined);
    this.deadlines = new Float64Array(size);
    this.seqs = new Float64Array(size);
    this.mask = size - 1;
  }

  /** Number of entries. */
  get size(): number {
    return this.count;
  }

  /** Whether an entry with this deadline can be appended without breaking the order. */
  accepts(deadline: number): boolean {
    return deadline >= this.last;
  }

  /** Appends an entry; the caller has checked `accepts(deadline)`. */
  push(item: T, deadline: number, seq: number): void {
    if (this.count === this.items.length) this.grow();
    const i = (this.head + this.count) & this.mask;
    this.items[i] = item;
    this.deadlines[i] = deadline;
    this.seqs[i] = seq;
    this.count++;
    this.last = deadline;
  }

  /** The first entry's deadline (Infinity when empty). */
  headDeadline(): number {
    return this.count === 0 ? Infinity : this.deadlines[this.head];
  }

  /** The first entry's send sequence number. */
  headSeq(): number {
    return this.seqs[this.head];
  }

  /** Removes and returns the first entry; the FIFO must not be empty. */
  shift(): T {
    const i = this.head;
    const item = this.items[i] as T;
    this.items[i] = undefined; // let the delivered message be collected
    this.head = (i + 1) & this.mask;
    this.count--;
    if (this.count === 0) this.last = -Infinity;
    return item;
  }

  /** Removes every entry. */
  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.last = -Infinity;
  }

  private grow(): void {
    const size = this.items.length * 2;
    const items = new Array<T | undefined>(size).fill(undefined);
    const deadlines = new Float64Array(size);
    const seqs = new Float64Array(size);
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & this.mask;
      items[k] = this.items[i];
      deadlines[k] = this.deadlines[i];
      seqs[k] = this.seqs[i];
    }
    this.items = items;
    this.deadlines = deadlines;
    this.seqs = seqs;
    this.head = 0;
    this.mask = size - 1;
  }
}
