/**
 * One kafka node's logic, free of the runtime (challenges 5a-5c). Design, and why it is safe:
 *
 * - Every node answers `send` locally, at once, even when partitioned: node i of n allocates the
 *   key's next offset in its own residue class (offset ≡ i mod n) above the highest offset it
 *   knows. Offsets are therefore unique per key, and each node's allocations rise, so the sends of
 *   any one client (bound to one node) get increasing offsets.
 * - Nodes replicate their own entries to each peer in cumulative batches, with a *floor* per key:
 *   "I have sent you all my entries at or below this offset and will never allocate there again".
 * - A poll returns a key's entries only up to its *stable* offset, the lowest floor any peer has
 *   promised. Every entry at or below it is already here, so a poll never returns a range with a
 *   hole that some other node could fill later: no skips, no reordering, no lost writes. When a
 *   partition stalls the floors, polls still answer (with older data; Maelstrom has no recency
 *   requirement) and catch up once it heals.
 * - Commits are node-local maxima, gossiped in the same batches: they only choose where a fresh
 *   assign starts reading, which no check depends on.
 *
 * Cost: no message per client op at all, only one batch per peer per tick while there is news.
 */
import { KeyLog } from './key-log.js';
import { PeerLink } from './peer-link.js';
import type { ReplicateBody } from './wire.js';

/** How to build a KafkaCore. */
export interface KafkaCoreOptions {
  /** This node's id. */
  nodeId: string;
  /** Every node id, in init order (the same on every node). */
  nodeIds: readonly string[];
  /** Most entries returned per key per poll (default 1000). */
  maxPollEntries?: number;
  /** Called when a peer claims an offset we hold with another message (a bug; never expected). */
  onConflict?: (key: string, offset: number) => void;
}

/** A kafka node: sends, polls, commits, and replication to and from peers. */
export class KafkaCore {
  private readonly logs = new Map<string, KeyLog>();
  private readonly committed = new Map<string, number>();
  private readonly links = new Map<string, PeerLink>();
  private readonly index: number;
  private readonly count: number;
  private readonly maxPollEntries: number;
  private entrySeq = 0;

  /** Creates the node's logs and one link per peer. */
  constructor(private readonly options: KafkaCoreOptions) {
    this.index = options.nodeIds.indexOf(options.nodeId);
    if (this.index < 0) throw new Error(`node ${options.nodeId} is not in node_ids ${JSON.stringify(options.nodeIds)}`);
    this.count = options.nodeIds.length;
    this.maxPollEntries = options.maxPollEntries ?? 1000;
    for (const peer of options.nodeIds) if (peer !== options.nodeId) this.links.set(peer, new PeerLink(peer));
  }

  /** The peers this node replicates to. */
  get peers(): string[] {
    return [...this.links.keys()];
  }

  /** Appends `msg` to `key` and returns its offset (the next one in this node's residue class). */
  send(key: string, msg: unknown): number {
    const log = this.log(key);
    let offset = log.maxKnown + 1;
    offset += (((this.index - offset) % this.count) + this.count) % this.count;
    log.insert(offset, msg);
    const seq = ++this.entrySeq;
    for (const link of this.links.values()) {
      link.addEntry(seq, [key, offset, msg]);
      link.setFloor(key, offset);
    }
    return offset;
  }

  /** For each requested key, its entries from the requested offset up to the stable offset. */
  poll(offsets: Record<string, number>): Record<string, Array<[number, unknown]>> {
    // Built with fromEntries: `out[key] = …` with key "__proto__" would set the prototype instead.
    const out: Array<[string, Array<[number, unknown]>]> = [];
    for (const [key, from] of Object.entries(offsets)) {
      const log = this.logs.get(key);
      if (!log) continue;
      const pairs = log.range(from, this.stableOffset(key), this.maxPollEntries);
      if (pairs.length) out.push([key, pairs]);
    }
    return Object.fromEntries(out);
  }

  /** The highest offset below which this node surely holds every entry of `key`. */
  stableOffset(key: string): number {
    let stable = Infinity;
    for (const link of this.links.values()) stable = Math.min(stable, link.floorsFromPeer.get(key) ?? -1);
    return stable;
  }

  /** Raises committed offsets (never lowers them). */
  commit(offsets: Record<string, number>, except?: string): void {
    for (const [key, offset] of Object.entries(offsets)) {
      if (offset <= (this.committed.get(key) ?? -Infinity)) continue;
      this.committed.set(key, offset);
      for (const link of this.links.values()) if (link.peer !== except) link.setCommit(key, offset);
    }
  }

  /** Committed offsets of the given keys that have one. */
  listCommitted(keys: readonly string[]): Record<string, number> {
    const out: Array<[string, number]> = [];
    for (const key of keys) {
      const offset = this.committed.get(key);
      if (offset !== undefined) out.push([key, offset]);
    }
    return Object.fromEntries(out);
  }

  /** Whether anything for `peer` still awaits its acknowledgement (or an ack is owed to it). */
  hasPending(peer: string): boolean {
    return this.links.get(peer)?.pending ?? false;
  }

  /** Renumbers every link from `firstSeq` (after a worker's death; see PeerLink.renumber). */
  renumberLinks(firstSeq: number): void {
    for (const link of this.links.values()) link.renumber(firstSeq);
  }

  /** The replication message to send `peer` now, if any. */
  outgoing(peer: string, now: number): ReplicateBody | undefined {
    return this.links.get(peer)?.build(now);
  }

  /** Applies a replication message from `peer`: entries first, then the floors that cover them. */
  receive(peer: string, body: ReplicateBody): void {
    const link = this.links.get(peer);
    if (!link) return;
    link.receive(body);
    const raised = new Set<string>();
    for (const [key, offset, msg] of body.e ?? []) {
      const log = this.log(key);
      const before = log.maxKnown;
      if (!log.insert(offset, msg) && JSON.stringify(log.get(offset)) !== JSON.stringify(msg)) this.options.onConflict?.(key, offset);
      if (log.maxKnown > before) raised.add(key);
    }
    for (const [key, floor] of Object.entries(body.f ?? {})) {
      if (floor > (link.floorsFromPeer.get(key) ?? -1)) link.floorsFromPeer.set(key, floor);
      const log = this.log(key);
      if (floor > log.maxKnown) {
        log.maxKnown = floor;
        raised.add(key);
      }
    }
    if (body.c) this.commit(body.c, peer);
    // Our floors rose: every peer (the sender included) needs them to expose its own entries.
    for (const key of raised) for (const l of this.links.values()) l.setFloor(key, this.log(key).maxKnown);
  }

  private log(key: string): KeyLog {
    let log = this.logs.get(key);
    if (!log) {
      log = new KeyLog();
      this.logs.set(key, log);
    }
    return log;
  }
}
