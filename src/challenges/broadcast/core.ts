/**
 * One broadcast node's logic, free of the runtime: client values in, gossip bodies in and out,
 * through an injected send and clock. The definition module (src/challenges/broadcast.ts) wires
 * it to the node runtime; the unit tests wire 25 of them to a simulated network.
 */
import type { BaseBody } from '../../shared/protocol.js';
import type { CoreClock } from './clock.js';
import { DirectGossip } from './direct.js';
import { MODE_PARAMS, type BroadcastMode, type ModeParams } from './modes.js';
import { createStar } from './star.js';
import { SetStore, type GossipSend, type Strategy, type ValueStore } from './strategy.js';
import { isGossipBody } from './wire.js';

/** How to build a BroadcastCore. */
export interface BroadcastCoreOptions {
  /** This node's id. */
  nodeId: string;
  /** Every node id, as init gave them (the same order on every node). */
  nodeIds: readonly string[];
  /** The mode; picks the strategy and its tuning. Default: 'default'. */
  mode?: BroadcastMode;
  /** Overrides for the mode's parameters (for tuning and tests); must match the mode's kind. */
  params?: Partial<ModeParams>;
  clock: CoreClock;
  send: GossipSend;
  /** Where values are kept. Default: a private in-memory set. */
  store?: ValueStore;
  /** First sequence number of every link (see src/node/peer-link.ts); set above the old links' when rebuilding after a worker's death. */
  firstSeq?: number;
}

/** A broadcast node: add client values, take in gossip, read the set. */
export class BroadcastCore {
  private readonly store: ValueStore;
  private readonly strategy: Strategy | null;

  /** Creates the node's strategy (none when it is alone). */
  constructor(options: BroadcastCoreOptions) {
    const mode = options.mode ?? 'default';
    const params = { ...MODE_PARAMS[mode], ...options.params } as ModeParams;
    this.store = options.store ?? new SetStore();
    const ctx = {
      self: options.nodeId,
      nodeIds: options.nodeIds,
      clock: options.clock,
      send: options.send,
      store: this.store,
      firstSeq: options.firstSeq,
    };
    if (options.nodeIds.filter((id) => id !== options.nodeId).length === 0) this.strategy = null;
    else this.strategy = params.kind === 'direct' ? new DirectGossip(ctx, params) : createStar(ctx, params);
  }

  /** A client broadcast `value` here; returns whether it was new to this node. */
  broadcast(value: number): boolean {
    if (!this.store.add(value)) return false;
    this.strategy?.onClientValue(value);
    return true;
  }

  /**
   * Gossips values again as if clients had just sent them (they are already stored): after a
   * worker's death this rebuilds the gossip and retries the dead worker had pending.
   */
  resend(values: readonly number[]): void {
    this.strategy?.onClientValues(values);
  }

  /** Takes in a server message; returns false (and ignores it) if it is not well-formed gossip. */
  receive(src: string, body: BaseBody): boolean {
    if (!isGossipBody(body)) return false;
    this.strategy?.onGossip(src, body);
    return true;
  }

  /** Every value this node has. */
  read(): number[] {
    return this.store.values();
  }

  /** Cancels every timer. */
  close(): void {
    this.strategy?.close();
  }
}
