/**
 * One kafka node's logic, free of the runtime (challenges 5a-5c). Design, and why it is safe:
 *
 * - Every node answers `send` locally, at once, even when partitioned: node i of n allocates the
 *   key's next offset in its own residue class (offset ≡ i mod n) above the highest offset it
 *   knows. Offsets are therefore unique per key, and each node's allocations rise, so the sends of
 *   any one client (bound to one node) get increasing offsets.
 * - Nodes replicate their own entries to each peer over the runtime's reliable link
 *   (src/node/peer-link.ts), with a *floor* per key: "my entries at or below this offset are the
 *   first n of mine for this key, and I will never allocate there again". The link may deliver
 *   items late or out of order, so a floor is applied only once the first n entries are here.
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
import { PeerLink } from '../../node/peer-link.js';
import { REPLICATE_TYPE, type KafkaItem, type ReplicateBody } from './wire.js';

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
  /**
   * Where items for peers go, when the links live elsewhere (a shard of a node with several
   * handler workers: the node's one set of links is in its link worker). `except`: every peer but
   * that one. Without it the core keeps its own link per peer.
   */
  publish?: (item: KafkaItem, except?: string) => void;
}

/** Unacknowledged items are resent after this long (ms): a few ticks with the ack's round trip. */
const RTO_MS = 250;
/** While a peer does not ack (a partition), resends back off to RTO_MS × this. */
const MAX_BACKOFF = 4;

/** Floors coalesce per key, commits per key; every entry is its own item. */
function itemKey(item: KafkaItem): unknown {
  return item[0] === 'e' ? item : `${item[0]}\u0000${item[1]}`;
}

/** What we hold of one peer's entries for one key, and the floors that wait for more of them. */
class PeerKey {
  /** We hold the peer's entries 1..prefix of this key (by its own count). */
  prefix = 0;
  private readonly ahead = new Set<number>();
  /** Floors received before their entries: [offset, entries needed], ascending. */
  private readonly waiting: Array<[number, number]> = [];
  /** The highest floor applied. */
  floor = -1;

  /** Notes the peer's n-th entry; returns whether the prefix grew. */
  got(n: number): boolean {
    if (n <= this.prefix) return false;
    this.ahead.add(n);
    const before = this.prefix;
    while (this.ahead.delete(this.prefix + 1)) this.prefix++;
    return this.prefix > before;
  }

  /** Takes a floor that covers the peer's first `n` entries. */
  offer(offset: number, n: number): void {
    if (offset <= this.floor) return;
    this.waiting.push([offset, n]);
    this.waiting.sort((a, b) => a[0] - b[0]);
  }

  /** Applies every waiting floor whose entries are all here. */
  settle(): void {
    while (this.waiting.length && this.waiting[0][1] <= this.prefix) this.floor = Math.max(this.floor, this.waiting.shift()![0]);
  }
}

/** A kafka node: sends, polls, commits, and replication to and from peers. */
export class KafkaCore {
  private readonly logs = new Map<string, KeyLog>();
  private readonly committed = new Map<string, number>();
  private readonly links = new Map<string, PeerLink<KafkaItem>>();
  /** peer → key → what we hold of that peer's entries. */
  private readonly fromPeers = new Map<string, Map<string, PeerKey>>();
  /** key → how many entries of that key this node has allocated. */
  private readonly ownCounts = new Map<string, number>();
  private readonly index: number;
  private readonly count: number;
  private readonly maxPollEntries: number;

  /** Creates the node's logs and one link per peer. */
  constructor(private readonly options: KafkaCoreOptions) {
    this.index = options.nodeIds.indexOf(options.nodeId);
    if (this.index < 0) throw new Error(`node ${options.nodeId} is not in node_ids ${JSON.stringify(options.nodeIds)}`);
    this.count = options.nodeIds.length;
    this.maxPollEntries = options.maxPollEntries ?? 1000;
    for (const peer of options.nodeIds) {
      if (peer === options.nodeId) continue;
      if (!options.publish) this.links.set(peer, new PeerLink<KafkaItem>(peer, { rtoMs: RTO_MS, maxBackoff: MAX_BACKOFF, keyOf: itemKey }));
      this.fromPeers.set(peer, new Map());
    }
  }

  /** The peers this node replicates to. */
  get peers(): string[] {
    return [...this.fromPeers.keys()];
  }

  /** Queues an item for every peer (but `except`), on the core's links or through `publish`. */
  private emit(item: KafkaItem, except?: string): void {
    if (this.options.publish) return this.options.publish(item, except);
    for (const link of this.links.values()) if (link.peer !== except) link.enqueue(item);
  }

  /** Appends `msg` to `key` and returns its offset (the next one in this node's residue class). */
  send(key: string, msg: unknown): number {
    const log = this.log(key);
    let offset = log.maxKnown + 1;
    offset += (((this.index - offset) % this.count) + this.count) % this.count;
    log.insert(offset, msg);
    const n = (this.ownCounts.get(key) ?? 0) + 1;
    this.ownCounts.set(key, n);
    this.emit(['e', key, offset, msg, n]);
    this.emit(['f', key, offset, n]);
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
    for (const keys of this.fromPeers.values()) stable = Math.min(stable, keys.get(key)?.floor ?? -1);
    return stable;
  }

  /** Raises committed offsets (never lowers them). */
  commit(offsets: Record<string, number>, except?: string): void {
    for (const [key, offset] of Object.entries(offsets)) {
      if (offset <= (this.committed.get(key) ?? -Infinity)) continue;
      this.committed.set(key, offset);
      this.emit(['c', key, offset], except);
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

  /** Whether anything for `peer` is queued, unacknowledged, or an ack is owed to it. */
  hasPending(peer: string): boolean {
    return this.links.get(peer)?.busy ?? false;
  }

  /** Renumbers every link from `firstSeq` (after a worker's death; see PeerLink.restart). */
  renumberLinks(firstSeq: number): void {
    for (const link of this.links.values()) link.restart(firstSeq);
  }

  /** The link to `peer`, for the runtime's NeighborSender to drive. */
  linkTo(peer: string): PeerLink<KafkaItem> | undefined {
    return this.links.get(peer);
  }

  /** The replication message to send `peer` now (news, a due retransmission or an owed ack), if any. */
  outgoing(peer: string, now: number): ReplicateBody | undefined {
    const frame = this.links.get(peer)?.due(now);
    return frame ? { type: REPLICATE_TYPE, ...frame } : undefined;
  }

  /** Applies a replication message from `peer`: its acks, then its items (see `apply`). */
  receive(peer: string, body: ReplicateBody): void {
    const link = this.links.get(peer);
    if (!link) return;
    // Kafka acks on its tick whatever the ack's age, so the time an ack became owed is not needed.
    link.accept(body, 0);
    this.apply(peer, body.v ?? []);
  }

  /**
   * Everything this node would have to send a peer that knows nothing: its own entries with their
   * ordinals, a floor per key, and its commits. A link worker that replaced a dead one gets these
   * again from every shard (items in flight to the dead worker are lost with it).
   */
  ownItems(): KafkaItem[] {
    const items: KafkaItem[] = [];
    for (const [key, log] of this.logs) {
      let n = 0;
      // Own entries are exactly those in this node's residue class, allocated in rising order.
      for (const [offset, msg] of log.range(-Infinity, Infinity, Infinity)) {
        if (((offset % this.count) + this.count) % this.count === this.index) items.push(['e', key, offset, msg, ++n]);
      }
      items.push(['f', key, log.maxKnown, this.ownCounts.get(key) ?? 0]);
    }
    for (const [key, offset] of this.committed) items.push(['c', key, offset]);
    return items;
  }

  /** Applies items from `peer`: entries, then the floors they make whole, then commits. Idempotent. */
  apply(peer: string, items: readonly KafkaItem[]): void {
    const held = this.fromPeers.get(peer);
    if (!held) return;
    const raised = new Set<string>();
    const touched = new Set<string>();
    for (const item of items) {
      if (item[0] !== 'e') continue;
      const [, key, offset, msg, n] = item;
      const log = this.log(key);
      const before = log.maxKnown;
      if (!log.insert(offset, msg) && JSON.stringify(log.get(offset)) !== JSON.stringify(msg)) this.options.onConflict?.(key, offset);
      if (log.maxKnown > before) raised.add(key);
      if (this.peerKey(held, key).got(n)) touched.add(key);
    }
    for (const item of items) {
      if (item[0] === 'f') {
        const [, key, floor, n] = item;
        this.peerKey(held, key).offer(floor, n);
        touched.add(key);
        // We will never allocate at or below a peer's floor, whether or not its entries are here yet.
        const log = this.log(key);
        if (floor > log.maxKnown) {
          log.maxKnown = floor;
          raised.add(key);
        }
      } else if (item[0] === 'c') this.commit({ [item[1]]: item[2] }, peer);
    }
    for (const key of touched) held.get(key)!.settle();
    // Our floors rose: every peer (the sender included) needs them to expose its own entries.
    for (const key of raised) {
      this.emit(['f', key, this.log(key).maxKnown, this.ownCounts.get(key) ?? 0]);
    }
  }

  private peerKey(held: Map<string, PeerKey>, key: string): PeerKey {
    let state = held.get(key);
    if (!state) {
      state = new PeerKey();
      held.set(key, state);
    }
    return state;
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
