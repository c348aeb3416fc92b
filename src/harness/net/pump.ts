/**
 * One destination's delivery pump, as Maelstrom runs one per node, service and client
 * (M:net.clj recv!, M:process.clj stdin-thread): a priority queue ordered by deadline and one
 * thread that polls it. The poll returns the earliest message at once, even if it is not due;
 * the thread checks partitions at that moment, then sleeps until the deadline in whole
 * milliseconds and writes it. Whatever arrives while it sleeps waits, even a client request
 * due now: that head-of-line wait is what Maelstrom's clients see (issue 17).
 *
 * This file is the pump's state only; the Network owns the clock and the timer.
 */
import { DeadlineFifo } from './fifo.js';
import { DeadlineHeap } from './heap.js';
import type { Delivery } from './network.js';

/** A queued message with its deadline (send time + latency) and send order. */
export interface Pending {
  message: Delivery;
  deadline: number;
  seq: number;
}

/**
 * When a pump that takes a message at `takenAt` writes it. Maelstrom sleeps `(long dt)` ms,
 * dt = deadline − now read after the poll: whole milliseconds, rounded down, so a delivery is up
 * to 1 ms early. Its clock read always comes a moment after the send, so a message taken the
 * instant it was sent (dt exactly the latency, here) sleeps one ms less than its latency.
 */
export function wakeTime(takenAt: number, deadline: number): number {
  const dt = deadline - takenAt;
  return dt > 0 ? takenAt + Math.ceil(dt) - 1 : takenAt;
}

/** One destination's queue plus the message its pump has taken and sleeps on. */
export class Pump {
  /** Constant latency keeps deadlines non-decreasing, so most messages take the O(1) path. */
  private readonly fifo = new DeadlineFifo<Pending>(16);
  private readonly heap = new DeadlineHeap<Pending>();
  /** The message taken from the queue, written at `wakeAt`. */
  held: Pending | undefined;
  wakeAt = Infinity;
  /** True while the network hands a message to the participant (a send to it then only queues). */
  writing = false;

  constructor(readonly id: string) {}

  /** Messages queued, not counting the held one. */
  get size(): number {
    return this.fifo.size + this.heap.size;
  }

  /** Whether the pump is blocked in its poll: nothing held, nothing queued, not writing. */
  get idle(): boolean {
    return this.held === undefined && !this.writing && this.size === 0;
  }

  /** Queues a message. */
  push(entry: Pending): void {
    if (this.fifo.accepts(entry.deadline)) this.fifo.push(entry, entry.deadline, entry.seq);
    else this.heap.push(entry);
  }

  /** Removes and returns the earliest (deadline, send order) message, if any. */
  poll(): Pending | undefined {
    const top = this.heap.peek();
    const fifoDeadline = this.fifo.headDeadline();
    if (top !== undefined && (top.deadline < fifoDeadline || (top.deadline === fifoDeadline && top.seq < this.fifo.headSeq()))) {
      return this.heap.pop();
    }
    return this.fifo.size > 0 ? this.fifo.shift() : undefined;
  }

  /** Drops everything queued and held. */
  clear(): void {
    this.fifo.clear();
    this.heap.clear();
    this.held = undefined;
    this.wakeAt = Infinity;
  }
}
