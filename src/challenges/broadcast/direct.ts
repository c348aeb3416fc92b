/**
 * Latency mode: the node that receives a value from a client sends it at once to every peer, so
 * every node has it one network hop later, the physical limit. Nobody relays; reliability comes
 * from each origin's link to each peer (acks piggybacked on the peer's own values, resends after a
 * timeout), which also carries values across a healed partition.
 */
import { Alarm } from './clock.js';
import type { DirectParams } from './modes.js';
import type { Strategy, StrategyContext } from './strategy.js';
import { gossipLink, takeGossip, type GossipBody, type Link } from './wire.js';

/** Every node sends its own values directly to every other node. */
export class DirectGossip implements Strategy {
  private readonly links = new Map<string, Link>();
  private readonly alarms = new Map<string, Alarm>();

  /** Creates the links to every other node. */
  constructor(
    private readonly ctx: StrategyContext,
    private readonly params: DirectParams,
  ) {
    for (const id of ctx.nodeIds) {
      if (id === ctx.self) continue;
      const link = gossipLink(id, params.rtoMs, ctx.firstSeq);
      this.links.set(id, link);
      this.alarms.set(id, new Alarm(ctx.clock, () => this.pump(link)));
    }
  }

  /** Sends the value to every peer now (or after the minimum gap). */
  onClientValue(value: number): void {
    for (const link of this.links.values()) {
      link.enqueue(value);
      this.pump(link);
    }
  }

  /** Queues every value for every peer, then sends once per peer. */
  onClientValues(values: readonly number[]): void {
    for (const link of this.links.values()) {
      for (const value of values) link.enqueue(value);
      this.pump(link);
    }
  }

  /** Stores the peer's values and settles acks; never forwards. */
  onGossip(src: string, body: GossipBody): void {
    const link = this.links.get(src);
    if (!link) return;
    link.accept(body, this.ctx.clock.now());
    if (body.v) for (const v of body.v) this.ctx.store.add(v);
    this.pump(link);
  }

  /** Cancels every timer. */
  close(): void {
    for (const alarm of this.alarms.values()) alarm.cancel();
  }

  /** Sends on the link if something is due, then arms its alarm for the next thing that will be. */
  private pump(link: Link): void {
    const { ackDelayMs, minGapMs } = this.params;
    const now = this.ctx.clock.now();
    link.requeueExpired(now);
    const sendDue = link.wantsToSend && now >= link.lastSentAt + minGapMs;
    const ackDue = link.owesAck && now >= link.owedSince + ackDelayMs;
    if (sendDue || ackDue) {
      const body = takeGossip(link, now);
      if (body) this.ctx.send(link.peer, body);
    }
    const next = Math.min(
      link.wantsToSend ? link.lastSentAt + minGapMs : Infinity,
      link.owesAck ? link.owedSince + ackDelayMs : Infinity,
      link.nextExpiry(),
    );
    this.alarms.get(link.peer)!.armAt(next);
  }
}
