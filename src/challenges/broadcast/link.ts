/**
 * One directed, reliable, batching gossip link to a peer, as pure state (no timers, no I/O): the
 * strategy decides when to call `take`. Reliability costs no extra messages in the common case:
 * acknowledgements ride on whatever the node sends that peer next, and values of a message that
 * is not acknowledged within the retransmission timeout go back into the queue and ride on the
 * next message. Only when a node has nothing else to say does it send an ack-only message.
 *
 * Acks are selective (the sequence numbers received), so a lost or reordered message never makes
 * the sender believe the peer has values it has not got. Ack-only messages carry no sequence
 * number and are never acknowledged, so acking cannot ping-pong.
 */
import { GOSSIP_TYPE, type GossipBody } from './wire.js';
import { TRACING } from '../../shared/trace.js';
import { traceQueue, traceRpc } from '../../node/trace-hooks.js';

interface Flight {
  values: number[];
  sentAt: number;
}

/** Retransmission backoff cap: after consecutive timeouts the timeout doubles up to this factor. */
const MAX_BACKOFF = 2;

/** A gossip link to one peer. */
export class Link {
  /** The peer's node id. */
  readonly peer: string;
  private readonly rtoMs: number;
  private readonly queue = new Set<number>();
  /** Unacknowledged messages by sequence number; Map order is send order. */
  private readonly inflight = new Map<number, Flight>();
  private nextSeq = 1;
  private owed: number[] = [];
  private owedAt = Infinity;
  private backoff = 1;
  private retransmitAt = Infinity;
  private probeDue = false;
  /** When we last sent this peer anything (for minimum-gap coalescing). */
  lastSentAt = -Infinity;

  /**
   * Creates the link to `peer`; unacked values are resent after rtoMs (with backoff). A link
   * rebuilt after a worker's death starts its sequence at `firstSeq`, above anything the old one
   * used, so a late ack meant for the old link cannot settle a new message.
   */
  constructor(peer: string, rtoMs: number, firstSeq = 1) {
    this.peer = peer;
    this.rtoMs = rtoMs;
    this.nextSeq = firstSeq;
  }

  /** Queues a value for the next message. */
  enqueue(value: number): void {
    this.queue.add(value);
    if (TRACING) this.traceDepth();
  }

  /** Values queued or in flight (unacknowledged): the depth GLOMERS_TRACE records per peer. */
  get depth(): number {
    let values = this.queue.size;
    for (const flight of this.inflight.values()) values += flight.values.length;
    return values;
  }

  private traceDepth(): void {
    traceQueue(this.peer, this.depth);
  }

  /** Whether values wait to be sent. */
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

  /** Number of messages sent and not yet acknowledged. */
  get inflightCount(): number {
    return this.inflight.size;
  }

  /**
   * Whether the peer has stopped acknowledging (a timeout since its last ack): probably across a
   * partition. Strategies then hold new values for the next retransmission instead of sending
   * each into the void; values wait at most one (backed-off) timeout longer after a heal.
   */
  get suspect(): boolean {
    return this.backoff > 1;
  }

  /** Whether a message with values should go out now: queued values, and the peer not suspect (or a probe is due). */
  get wantsToSend(): boolean {
    return this.queue.size > 0 && (this.backoff === 1 || this.probeDue);
  }

  /** When the retransmission timer fires (Infinity if nothing is unacknowledged). */
  nextExpiry(): number {
    return this.retransmitAt;
  }

  /**
   * If the retransmission timer has fired, moves every unacknowledged value back into the queue
   * (one timer per link, as in TCP, so a partitioned peer costs one probe per timeout however
   * many messages were lost) and backs off; returns whether it fired.
   */
  requeueExpired(now: number): boolean {
    if (now < this.retransmitAt) return false;
    for (const flight of this.inflight.values()) for (const v of flight.values) this.queue.add(v);
    this.inflight.clear();
    this.retransmitAt = Infinity;
    this.backoff = Math.min(MAX_BACKOFF, this.backoff * 2);
    this.probeDue = true;
    if (TRACING) traceRpc('sender retry', { peer: this.peer });
    return true;
  }

  /**
   * Builds the next message: every queued value and every owed ack. Returns null when there is
   * nothing to say. `extra` fields (such as a round number) are copied into the body.
   */
  take(now: number, extra?: Partial<GossipBody>): GossipBody | null {
    if (this.queue.size === 0 && this.owed.length === 0) return null;
    const body: GossipBody = { type: GOSSIP_TYPE };
    if (this.queue.size > 0) {
      const values = [...this.queue];
      this.queue.clear();
      const seq = this.nextSeq++;
      this.inflight.set(seq, { values, sentAt: now });
      if (this.retransmitAt === Infinity) this.retransmitAt = now + this.rtoMs * this.backoff;
      this.probeDue = false;
      body.s = seq;
      body.v = values;
    }
    if (this.owed.length > 0) {
      body.a = this.owed;
      this.owed = [];
      this.owedAt = Infinity;
    }
    if (extra) Object.assign(body, extra);
    this.lastSentAt = now;
    if (TRACING) this.traceDepth();
    return body;
  }

  /** Takes in a message from the peer: settles acked messages, records what we now owe. */
  accept(body: GossipBody, now: number): void {
    if (body.a) {
      let progress = false;
      for (const seq of body.a) progress = this.inflight.delete(seq) || progress;
      if (progress) {
        this.backoff = 1;
        // The oldest message still unacked gets a full timeout from when it was sent.
        this.retransmitAt = Infinity;
        for (const flight of this.inflight.values()) {
          this.retransmitAt = flight.sentAt + this.rtoMs;
          break;
        }
      }
    }
    if (TRACING) this.traceDepth();
    if (body.s !== undefined) {
      if (this.owed.length === 0) this.owedAt = now;
      this.owed.push(body.s);
    }
  }
}
