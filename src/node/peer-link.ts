/**
 * One directed, reliable, batching link to a peer, as pure state (no timers, no I/O): the caller
 * decides when to call `take` (every broadcast strategy, kafka's tick and txn's tick use this one
 * class). Reliability costs no extra messages in the common case: acknowledgements ride on
 * whatever the node sends that peer next, and the items of a frame that is not acknowledged within
 * the retransmission timeout go back into the queue and ride on the next frame. Only when a node
 * has nothing else to say does it send an ack-only frame.
 *
 * Acks are selective (the sequence numbers received), so a lost or reordered frame never makes the
 * sender believe the peer has items it has not got. Ack-only frames carry no sequence number and
 * are never acknowledged, so acking cannot ping-pong. Delivery is at least once and in no
 * particular order: receivers apply items idempotently (a set add, a max, a last-writer-wins merge),
 * and an item that depends on others says so itself (kafka's floors carry an entry count).
 *
 * Items are coalesced by key while queued: enqueueing an item whose key is already queued replaces
 * the queued one (the default key is the item itself, so a value queued twice is sent once). A
 * key per register, per floor or per counter therefore sends only the newest state.
 */
import { TRACING } from '../shared/trace.js';
import { traceQueue, traceRpc } from './trace-hooks.js';

/** What a link frame adds to a message body: all three optional, an empty frame is never built. */
export interface LinkFrame<T> {
  /** This frame's sequence number; present iff `v` is (ack-only frames have none). */
  s?: number;
  /** The items carried. */
  v?: T[];
  /** Sequence numbers of the peer's frames received since the last ack we sent it. */
  a?: number[];
}

/** How a PeerLink retransmits and coalesces. */
export interface PeerLinkOptions<T> {
  /** Unacknowledged items are queued again after this long (ms), doubling while nothing is acked. */
  rtoMs: number;
  /** The first sequence number (default 1; above the old link's when rebuilt after a worker's death). */
  firstSeq?: number;
  /** Cap on the timeout's doubling factor (default 2): a healed partition is noticed within 2 × rtoMs. */
  maxBackoff?: number;
  /** The coalescing key of an item (default: the item itself). */
  keyOf?: (item: T) => unknown;
}

/**
 * What is wrong with a frame from a peer (`s` an integer, `a` an array of integers, `v` an array),
 * or undefined when it is well-formed. Checked before a frame touches a link's state; the items
 * themselves are the caller's to check.
 */
export function linkFrameProblem(frame: unknown): string | undefined {
  if (typeof frame !== 'object' || frame === null) return 'a link frame must be an object';
  const { s, v, a } = frame as Record<string, unknown>;
  if (s !== undefined && !Number.isSafeInteger(s)) return `link frame field s must be an integer; got ${JSON.stringify(s)}`;
  if (v !== undefined && !Array.isArray(v)) return `link frame field v must be an array; got ${JSON.stringify(v)}`;
  if (a !== undefined && !(Array.isArray(a) && a.every((seq) => Number.isSafeInteger(seq)))) return `link frame field a must be an array of integers; got ${JSON.stringify(a)}`;
  return undefined;
}

/**
 * The first sequence number for a link rebuilt after a worker's death: above any number the old
 * link can have used, so a late ack meant for the old link settles nothing new. Wall-clock based,
 * since the old link's counter died with its worker; 64 per ms is more than a link ever sends.
 */
export function restartSeq(): number {
  return Date.now() * 64;
}

interface Flight<T> {
  items: Array<[unknown, T]>;
  sentAt: number;
}

/** A reliable link to one peer. */
export class PeerLink<T> {
  /** The peer's node id. */
  readonly peer: string;
  private readonly rtoMs: number;
  private readonly maxBackoff: number;
  private readonly keyOf: (item: T) => unknown;
  /** Items waiting for the next frame, by coalescing key; Map order is enqueue order. */
  private readonly queue = new Map<unknown, T>();
  /** Unacknowledged frames by sequence number; Map order is send order. */
  private readonly inflight = new Map<number, Flight<T>>();
  private nextSeq: number;
  private owed: number[] = [];
  private owedAt = Infinity;
  private backoff = 1;
  private retransmitAt = Infinity;
  private probeDue = false;
  /** When we last sent this peer anything (for minimum-gap coalescing). */
  lastSentAt = -Infinity;

  /** Creates the link to `peer`. */
  constructor(peer: string, options: PeerLinkOptions<T>) {
    if (!(options.rtoMs > 0)) throw new RangeError(`PeerLink rtoMs must be positive; got ${options.rtoMs}`);
    this.peer = peer;
    this.rtoMs = options.rtoMs;
    this.maxBackoff = options.maxBackoff ?? 2;
    this.keyOf = options.keyOf ?? ((item) => item);
    this.nextSeq = options.firstSeq ?? 1;
  }

  /** Queues an item for the next frame, replacing a queued item with the same key. */
  enqueue(item: T): void {
    const key = this.keyOf(item);
    // Delete first so a replaced item moves to the back, keeping the queue in enqueue order.
    this.queue.delete(key);
    this.queue.set(key, item);
    if (TRACING) this.traceDepth();
  }

  /** Items queued or in flight (unacknowledged): the depth GLOMERS_TRACE records per peer. */
  get depth(): number {
    let items = this.queue.size;
    for (const flight of this.inflight.values()) items += flight.items.length;
    return items;
  }

  private traceDepth(): void {
    traceQueue(this.peer, this.depth);
  }

  /** Whether items wait to be sent. */
  get hasQueued(): boolean {
    return this.queue.size > 0;
  }

  /** Whether we owe the peer an acknowledgement. */
  get owesAck(): boolean {
    return this.owed.length > 0;
  }

  /** When the oldest unsent acknowledgement became owed (Infinity if none). */
  get owedSince(): number {
    return this.owedAt;
  }

  /** Number of frames sent and not yet acknowledged. */
  get inflightCount(): number {
    return this.inflight.size;
  }

  /** Whether anything is queued, in flight or owed: the link still needs a timer. */
  get busy(): boolean {
    return this.queue.size > 0 || this.inflight.size > 0 || this.owed.length > 0;
  }

  /**
   * Whether the peer has stopped acknowledging (a timeout since its last ack): probably across a
   * partition. Callers then hold new items for the next retransmission instead of sending each
   * into the void; items wait at most one (backed-off) timeout longer after a heal.
   */
  get suspect(): boolean {
    return this.backoff > 1;
  }

  /** Whether a frame with items should go out now: items queued, and the peer not suspect (or a probe is due). */
  get wantsToSend(): boolean {
    return this.queue.size > 0 && (this.backoff === 1 || this.probeDue);
  }

  /** When the retransmission timer fires (Infinity if nothing is unacknowledged). */
  nextExpiry(): number {
    return this.retransmitAt;
  }

  /**
   * If the retransmission timer has fired, moves every unacknowledged item back into the queue
   * (one timer per link, as in TCP, so a partitioned peer costs one probe per timeout however
   * many frames were lost) and backs off; returns whether it fired.
   */
  requeueExpired(now: number): boolean {
    if (now < this.retransmitAt) return false;
    this.requeueInflight();
    this.backoff = Math.min(this.maxBackoff, this.backoff * 2);
    this.probeDue = true;
    if (TRACING) traceRpc('sender retry', { peer: this.peer });
    return true;
  }

  /**
   * Numbers frames from `firstSeq` on and queues everything in flight again: for a link rebuilt
   * after a worker's death, whose peer may still ack the old numbers (which must not settle new
   * frames). The backoff is reset, so the next frame goes out at once.
   */
  restart(firstSeq: number): void {
    this.requeueInflight();
    this.nextSeq = firstSeq;
    this.backoff = 1;
    this.probeDue = false;
  }

  /**
   * Builds the next frame: every queued item and every owed ack. Returns null when there is nothing
   * to say. Callers add their own message type (and any fields of their own) around it.
   */
  take(now: number): LinkFrame<T> | null {
    if (this.queue.size === 0 && this.owed.length === 0) return null;
    const frame: LinkFrame<T> = {};
    if (this.queue.size > 0) {
      const items = [...this.queue];
      this.queue.clear();
      const seq = this.nextSeq++;
      this.inflight.set(seq, { items, sentAt: now });
      if (this.retransmitAt === Infinity) this.retransmitAt = now + this.rtoMs * this.backoff;
      this.probeDue = false;
      frame.s = seq;
      frame.v = items.map(([, item]) => item);
    }
    if (this.owed.length > 0) {
      frame.a = this.owed;
      this.owed = [];
      this.owedAt = Infinity;
    }
    this.lastSentAt = now;
    if (TRACING) this.traceDepth();
    return frame;
  }

  /**
   * The frame to send on a tick: retransmits what has timed out, then takes a frame if items are
   * due (not held back by a backoff) or an ack is owed; null when there is nothing to send now.
   */
  due(now: number): LinkFrame<T> | null {
    this.requeueExpired(now);
    return this.wantsToSend || this.owesAck ? this.take(now) : null;
  }

  /**
   * Takes in a frame from the peer: settles the frames it acks and records the ack we now owe.
   * The caller applies `frame.v` itself (idempotently: a retransmitted frame repeats items).
   */
  accept(frame: LinkFrame<unknown>, now: number): void {
    if (frame.a) {
      let progress = false;
      for (const seq of frame.a) progress = this.inflight.delete(seq) || progress;
      if (progress) {
        this.backoff = 1;
        // The oldest frame still unacked gets a full timeout from when it was sent.
        this.retransmitAt = Infinity;
        for (const flight of this.inflight.values()) {
          this.retransmitAt = flight.sentAt + this.rtoMs;
          break;
        }
      }
    }
    if (TRACING) this.traceDepth();
    if (frame.s !== undefined) {
      if (this.owed.length === 0) this.owedAt = now;
      this.owed.push(frame.s);
    }
  }

  /** Queues in-flight items again, oldest frame first; an item whose key is queued already is newer and stays. */
  private requeueInflight(): void {
    const again = new Map<unknown, T>();
    for (const flight of this.inflight.values()) for (const [key, item] of flight.items) again.set(key, item);
    for (const [key, item] of this.queue) again.set(key, item);
    this.queue.clear();
    for (const [key, item] of again) this.queue.set(key, item);
    this.inflight.clear();
    this.retransmitAt = Infinity;
  }
}
