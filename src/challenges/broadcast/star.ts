/**
 * Star gossip (default and message modes): the first node id is the hub, every other node a leaf.
 * Leaves send their clients' values to the hub, the hub forwards batches to every leaf, so a value
 * crosses two hops and each round costs at most 2 messages per leaf, whatever the load.
 *
 * In message mode leaves flush on a wall-clock grid (every node runs on one machine, so Date.now()
 * agrees) and the hub flushes each round as soon as every leaf that sent in the previous round has
 * sent in this one, or at a deadline after the grid point (the largest leaf-to-hub delay seen
 * lately plus a margin), whichever comes first. On a loaded machine a whole round can run tens of
 * milliseconds late; waiting for the leaves rather than for a fixed offset keeps such a round one
 * flush. A leaf message that still arrives after its round was flushed triggers a prompt extra
 * flush, so one slow message costs messages, never a whole extra period of latency.
 */
import { Alarm } from './clock.js';
import type { StarParams } from './modes.js';
import type { Strategy, StrategyContext } from './strategy.js';
import { dueGossip, gossipLink, takeGossip, type GossipBody, type Link } from './wire.js';

/** How long the hub coalesces late leaf messages before its extra flush. */
const LATE_COALESCE_MS = 20;
/** How many recent leaf-to-hub delays the hub's estimate is the maximum of. */
const DELAY_WINDOW = 64;

/** Creates the star strategy for this node: hub for the first node id, leaf otherwise. */
export function createStar(ctx: StrategyContext, params: StarParams): Strategy {
  return ctx.self === ctx.nodeIds[0] ? new StarHub(ctx, params) : new StarLeaf(ctx, params, ctx.nodeIds[0]);
}

/** The smallest grid point k·period + offset at or after now with k > afterRound. */
function nextGridRound(now: number, periodMs: number, offsetMs: number, afterRound: number): number {
  const k = Math.ceil((now - offsetMs) / periodMs);
  return Math.max(k, afterRound + 1);
}

/** A leaf: one link, to the hub. */
export class StarLeaf implements Strategy {
  private readonly link: Link;
  private readonly alarm: Alarm;
  private scheduledRound = Infinity;
  private lastRound = -Infinity;

  /** Creates a leaf of the given hub. */
  constructor(
    private readonly ctx: StrategyContext,
    private readonly params: StarParams,
    hub: string,
  ) {
    this.link = gossipLink(hub, params.rtoMs, ctx.firstSeq);
    this.alarm = new Alarm(ctx.clock, () => this.pump());
  }

  /** Queues the value for the hub. */
  onClientValue(value: number): void {
    this.link.enqueue(value);
    this.pump();
  }

  /** Queues every value for the hub, then sends once. */
  onClientValues(values: readonly number[]): void {
    for (const value of values) this.link.enqueue(value);
    this.pump();
  }

  /** Stores the hub's values and settles acks. */
  onGossip(src: string, body: GossipBody): void {
    if (src !== this.link.peer) return;
    this.link.accept(body, this.ctx.clock.now());
    if (body.v) for (const v of body.v) this.ctx.store.add(v);
    this.pump();
  }

  /** Cancels every timer. */
  close(): void {
    this.alarm.cancel();
  }

  private pump(): void {
    const { leafPeriodMs: period } = this.params;
    const link = this.link;
    const now = this.ctx.clock.now();
    link.requeueExpired(now);
    let next: number;
    if (period === 0) {
      const { minGapMs, ackDelayMs } = this.params;
      const sendDue = link.wantsToSend && now >= link.lastSentAt + minGapMs;
      const ackDue = link.owesAck && now >= link.owedSince + ackDelayMs;
      if (sendDue || ackDue) this.send(takeGossip(link, now));
      next = Math.min(
        link.wantsToSend ? link.lastSentAt + minGapMs : Infinity,
        link.owesAck ? link.owedSince + ackDelayMs : Infinity,
      );
    } else {
      if (now >= this.scheduledRound * period) {
        this.lastRound = this.scheduledRound;
        if (link.wantsToSend || link.owesAck) this.send(takeGossip(link, now, { r: this.scheduledRound }));
        this.scheduledRound = Infinity;
      }
      if ((link.wantsToSend || link.owesAck) && this.scheduledRound === Infinity) {
        this.scheduledRound = nextGridRound(now, period, 0, this.lastRound);
      }
      next = this.scheduledRound * period;
    }
    this.alarm.armAt(Math.min(next, link.nextExpiry()));
  }

  private send(body: GossipBody | null): void {
    if (body) this.ctx.send(this.link.peer, body);
  }
}

/** The hub: a link to every leaf. */
export class StarHub implements Strategy {
  private readonly links = new Map<string, Link>();
  private readonly alarm: Alarm;
  private readonly delays: number[] = [];
  /** Which leaves sent in each recent round (message mode), to know when a round is complete. */
  private readonly arrivals = new Map<number, Set<string>>();
  private scheduledRound = Infinity;
  private scheduledAt = Infinity;
  private lastRound = -Infinity;

  /** Creates the hub with a link to every other node. */
  constructor(
    private readonly ctx: StrategyContext,
    private readonly params: StarParams,
  ) {
    for (const id of ctx.nodeIds) if (id !== ctx.self) this.links.set(id, gossipLink(id, params.rtoMs, ctx.firstSeq));
    this.alarm = new Alarm(ctx.clock, () => this.pump(false));
  }

  /** Queues the value for every leaf. */
  onClientValue(value: number): void {
    for (const link of this.links.values()) link.enqueue(value);
    this.pump(false);
  }

  /** Queues every value for every leaf, then sends once. */
  onClientValues(values: readonly number[]): void {
    for (const link of this.links.values()) for (const value of values) link.enqueue(value);
    this.pump(false);
  }

  /** Stores a leaf's values and queues the new ones for every other leaf. */
  onGossip(src: string, body: GossipBody): void {
    const from = this.links.get(src);
    if (!from) return;
    const now = this.ctx.clock.now();
    from.accept(body, now);
    if (body.v) {
      for (const v of body.v) {
        if (!this.ctx.store.add(v)) continue;
        for (const link of this.links.values()) if (link !== from) link.enqueue(v);
      }
    }
    let late = false;
    if (body.r !== undefined && this.params.leafPeriodMs > 0) {
      this.delays.push(now - body.r * this.params.leafPeriodMs);
      if (this.delays.length > DELAY_WINDOW) this.delays.shift();
      late = body.v !== undefined && body.r <= this.lastRound;
      this.arrived(body.r, src);
    }
    this.pump(late);
  }

  /** Cancels every timer. */
  close(): void {
    this.alarm.cancel();
  }

  private arrived(round: number, leaf: string): void {
    let set = this.arrivals.get(round);
    if (!set) {
      set = new Set();
      this.arrivals.set(round, set);
      for (const old of this.arrivals.keys()) if (old < round - 2) this.arrivals.delete(old);
    }
    set.add(leaf);
  }

  /** Whether every leaf that sent in the round before has sent in this one (and some did). */
  private complete(round: number): boolean {
    const expected = this.arrivals.get(round - 1);
    const got = this.arrivals.get(round);
    if (!expected || !got || expected.size === 0) return false;
    for (const leaf of expected) if (!got.has(leaf)) return false;
    return true;
  }

  /** The hub's flush deadline after each grid point: the observed leaf-to-hub delay plus a margin. */
  private offset(): number {
    const { leafPeriodMs, hubPeriodMs, hubMarginMs, initialDelayGuessMs } = this.params;
    if (leafPeriodMs === 0) return 0;
    const delay = this.delays.length > 0 ? Math.max(...this.delays) : initialDelayGuessMs;
    return Math.min(hubPeriodMs / 2, delay + hubMarginMs);
  }

  private pump(late: boolean): void {
    const { hubPeriodMs: period } = this.params;
    const now = this.ctx.clock.now();
    if (now >= this.scheduledAt) {
      if (this.scheduledRound !== Infinity) this.lastRound = this.scheduledRound;
      this.scheduledAt = Infinity;
      this.scheduledRound = Infinity;
      for (const link of this.links.values()) {
        const body = dueGossip(link, now);
        if (body) this.ctx.send(link.peer, body);
      }
    }
    let work = false;
    let expiry = Infinity;
    for (const link of this.links.values()) {
      link.requeueExpired(now);
      work ||= link.wantsToSend || link.owesAck;
      expiry = Math.min(expiry, link.nextExpiry());
    }
    if (work && late && this.scheduledAt > now + LATE_COALESCE_MS) {
      // An extra flush outside the grid; the round it belongs to has already gone out.
      this.scheduledAt = now + LATE_COALESCE_MS;
      this.scheduledRound = Infinity;
    } else if (work && this.scheduledAt === Infinity) {
      const offset = this.offset();
      this.scheduledRound = nextGridRound(now, period, offset, this.lastRound);
      this.scheduledAt = this.scheduledRound * period + offset;
    }
    if (this.scheduledRound !== Infinity && this.scheduledAt > now && this.complete(this.scheduledRound)) {
      this.scheduledAt = now;
    }
    this.alarm.armAt(Math.min(this.scheduledAt, expiry));
  }
}
