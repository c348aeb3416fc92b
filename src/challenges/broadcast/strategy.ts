/**
 * What a gossip strategy is given and what it must do. A strategy owns the links of one node and
 * decides when each sends; the core feeds it client values and incoming gossip.
 */
import type { CoreClock } from './clock.js';
import type { GossipBody } from './wire.js';

/** Where a node keeps its values: add returns true iff the value was new. */
export interface ValueStore {
  /** Adds v; true iff it was not there before. */
  add(value: number): boolean;
  /** Every value, in any order. */
  values(): number[];
}

/** A plain in-memory store (the runtime can pass its shared SeenSet instead). */
export class SetStore implements ValueStore {
  private readonly set = new Set<number>();
  /** Adds v; true iff it was new. */
  add(value: number): boolean {
    if (this.set.has(value)) return false;
    this.set.add(value);
    return true;
  }
  /** Every value, in insertion order. */
  values(): number[] {
    return [...this.set];
  }
}

/** Sends a gossip body to another node. */
export type GossipSend = (dest: string, body: GossipBody) => void;

/** Everything a strategy needs from its node. */
export interface StrategyContext {
  /** This node's id. */
  self: string;
  /** All node ids, in the order init gave them (the same on every node). */
  nodeIds: readonly string[];
  clock: CoreClock;
  send: GossipSend;
  store: ValueStore;
  /** First sequence number of every link (default 1; higher for links rebuilt after a worker's death). */
  firstSeq?: number;
}

/** A gossip strategy: one per node. */
export interface Strategy {
  /** A client broadcast a value that was new to this node. */
  onClientValue(value: number): void;
  /** Many values to send as if clients had just sent them, in as few messages as possible (recovery). */
  onClientValues(values: readonly number[]): void;
  /** A gossip message arrived from src (a server node). */
  onGossip(src: string, body: GossipBody): void;
  /** Cancels every timer. */
  close(): void;
}
