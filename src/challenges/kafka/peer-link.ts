/**
 * What one node keeps about replicating to one peer: its own entries and the floors and commits
 * the peer has not acknowledged yet, and the sequence numbers of messages each way. Each message is
 * cumulative (it repeats everything unacknowledged), so an ack for message s confirms everything
 * that was pending when s was built.
 */
import type { ReplicateBody, WireEntry } from './wire.js';
import { REPLICATE_TYPE } from './wire.js';

/** What a sent content message carried, kept until it is acknowledged. */
interface Carried {
  entrySeq: number;
  floors: Map<string, number>;
  commits: Map<string, number>;
}

/** Unacknowledged messages remembered per link; older ones are forgotten (a later ack covers them). */
const MAX_INFLIGHT = 64;
/** Unchanged content is re-sent after this long (ms) without an ack: lost, or the peer is slow. */
const RESEND_MS = 200;
/** With this many content messages unacknowledged the peer is presumed unreachable... */
const SLOW_AFTER_OUTSTANDING = 8;
/** ...and content is re-sent only this often (ms) until an ack arrives. */
const SLOW_INTERVAL_MS = 1000;

/** Replication state towards one peer. */
export class PeerLink {
  /** Floors the peer has promised us, key → offset. */
  readonly floorsFromPeer = new Map<string, number>();
  private nextSeq = 1;
  private ackedSeq = 0;
  private receivedSeq = 0;
  private ackOwed = false;
  /** Whether content was queued since the last content message. */
  private fresh = false;
  private lastContentAt = -Infinity;
  private readonly unacked: Array<{ seq: number; entry: WireEntry }> = [];
  private readonly floors = new Map<string, number>();
  private readonly commits = new Map<string, number>();
  private readonly inflight = new Map<number, Carried>();

  /** Creates the link to `peer`. */
  constructor(readonly peer: string) {}

  /** Own entries not yet acknowledged by the peer. */
  get unackedEntries(): number {
    return this.unacked.length;
  }

  /** Whether anything still needs sending or acknowledging on this link. */
  get pending(): boolean {
    return this.unacked.length > 0 || this.floors.size > 0 || this.commits.size > 0 || this.ackOwed;
  }

  /** Queues one of our own entries (numbered by the node-wide entry sequence). */
  addEntry(seq: number, entry: WireEntry): void {
    this.unacked.push({ seq, entry });
    this.fresh = true;
  }

  /** Queues our current floor for a key. */
  setFloor(key: string, offset: number): void {
    this.floors.set(key, offset);
    this.fresh = true;
  }

  /** Queues a committed offset for a key. */
  setCommit(key: string, offset: number): void {
    this.commits.set(key, offset);
    this.fresh = true;
  }

  /**
   * The message to send now, if any: everything unacknowledged when something new was queued or
   * the last copy went unanswered for 200 ms (paced down to once a second while the peer seems
   * unreachable), or else a bare ack when we owe one.
   */
  build(now: number): ReplicateBody | undefined {
    const content = this.unacked.length > 0 || this.floors.size > 0 || this.commits.size > 0;
    const outstanding = this.nextSeq - 1 - this.ackedSeq;
    const since = now - this.lastContentAt;
    const due = outstanding >= SLOW_AFTER_OUTSTANDING ? since >= SLOW_INTERVAL_MS : this.fresh || since >= RESEND_MS;
    if (content && due) {
      this.fresh = false;
      const s = this.nextSeq++;
      const carried: Carried = { entrySeq: this.unacked.at(-1)?.seq ?? 0, floors: new Map(this.floors), commits: new Map(this.commits) };
      this.inflight.set(s, carried);
      if (this.inflight.size > MAX_INFLIGHT) this.inflight.delete(this.inflight.keys().next().value as number);
      this.lastContentAt = now;
      this.ackOwed = false;
      const body: ReplicateBody = { type: REPLICATE_TYPE, s, a: this.receivedSeq };
      if (this.unacked.length) body.e = this.unacked.map((u) => u.entry);
      if (this.floors.size) body.f = Object.fromEntries(this.floors);
      if (this.commits.size) body.c = Object.fromEntries(this.commits);
      return body;
    }
    if (!this.ackOwed) return undefined;
    this.ackOwed = false;
    return { type: REPLICATE_TYPE, a: this.receivedSeq };
  }

  /**
   * Starts numbering messages at `firstSeq` and forgets what was in flight: for a link rebuilt
   * after a worker's death, whose peer may still ack the old link's numbers. Everything pending is
   * sent again in the next message.
   */
  renumber(firstSeq: number): void {
    this.nextSeq = firstSeq;
    this.ackedSeq = firstSeq - 1;
    this.inflight.clear();
    this.fresh = true;
    this.ackOwed = true;
  }

  /** Takes in the sequence/ack part of a message from the peer. */
  receive(body: ReplicateBody): void {
    if (body.s !== undefined) {
      this.receivedSeq = Math.max(this.receivedSeq, body.s);
      this.ackOwed = true;
    }
    if (body.a !== undefined && body.a > this.ackedSeq) this.acknowledge(body.a);
  }

  private acknowledge(upTo: number): void {
    this.ackedSeq = upTo;
    let best: Carried | undefined;
    let bestSeq = 0;
    for (const [s, carried] of this.inflight) {
      if (s > upTo) continue;
      if (s > bestSeq) [best, bestSeq] = [carried, s];
      this.inflight.delete(s);
    }
    if (!best) return;
    let drop = 0;
    while (drop < this.unacked.length && this.unacked[drop].seq <= best.entrySeq) drop++;
    this.unacked.splice(0, drop);
    // Floors and commits only grow, so a confirmed value at or above the pending one settles it.
    for (const [k, v] of best.floors) if ((this.floors.get(k) ?? Infinity) <= v) this.floors.delete(k);
    for (const [k, v] of best.commits) if ((this.commits.get(k) ?? Infinity) <= v) this.commits.delete(k);
  }
}
