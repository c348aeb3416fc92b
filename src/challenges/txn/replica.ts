/**
 * One node's register store for challenges 6a–6c: transactions run atomically against local
 * state and commit at once (total availability: nothing ever waits on a peer), and committed
 * writes reach peers later in batches, merged last-writer-wins by a (Lamport counter, node id)
 * version so every replica converges on the same value per key.
 *
 * Why this is read-committed: a txn runs in one event-loop turn and only its final write per key
 * is committed, so no other txn can see an uncommitted (G1a) or intermediate (G1b) value; and a
 * txn can only read values committed before it started, so every wr edge — and every ww edge Elle
 * infers, which needs the later writer to have read the earlier value — points forward in time:
 * no G0 or G1c cycle can form. Pure: no I/O, no clock.
 */

/** A version: Lamport counter, then node id to break ties. */
export type Version = readonly [counter: number, node: string];

/** A replicated write on the wire: `[key, value, counter, node]`. */
export type WireEntry = [key: unknown, value: unknown, counter: number, node: string];

/** A transaction micro-op as Maelstrom sends it. */
export type TxnMop = [f: string, key: unknown, value: unknown];

interface Cell {
  value: unknown;
  counter: number;
  node: string;
}

interface LogEntry {
  seq: number;
  entry: WireEntry;
}

/** Whether version a is newer than version b. */
export function newer(a: Version, b: Version): boolean {
  return a[0] !== b[0] ? a[0] > b[0] : a[1] > b[1];
}

/** A malformed txn, as Maelstrom error data (code 12, malformed-request). */
export function malformedTxn(text: string): { code: number; text: string } {
  return { code: 12, text };
}

/** The store, our commit log and what each peer has acknowledged. */
export class Replica {
  private readonly cells = new Map<unknown, Cell>();
  private counter = 0;
  /** Our own commits not yet acknowledged by every peer, oldest first. */
  private log: LogEntry[] = [];
  private seq = 0;
  /** peer → highest of our seqs it has acknowledged. */
  private readonly ackedBy = new Map<string, number>();
  /** peer → highest of its seqs we hold (everything up to it, or something newer per key). */
  private readonly receivedFrom = new Map<string, number>();
  /** peer → the receivedFrom value we last told it. */
  private readonly ackSent = new Map<string, number>();

  constructor(
    readonly nodeId: string,
    readonly peers: readonly string[],
  ) {
    for (const p of peers) {
      this.ackedBy.set(p, 0);
      this.receivedFrom.set(p, 0);
      this.ackSent.set(p, 0);
    }
  }

  /** Runs a txn: reads see committed state or this txn's own earlier writes; commits its final writes. */
  execute(txn: unknown): TxnMop[] {
    if (!Array.isArray(txn)) throw malformedTxn('txn must be an array of [f, k, v]');
    const own = new Map<unknown, unknown>();
    const result: TxnMop[] = [];
    for (const mop of txn) {
      if (!Array.isArray(mop) || mop.length !== 3) throw malformedTxn(`micro-op ${JSON.stringify(mop)} is not [f, k, v]`);
      const [f, k, v] = mop as TxnMop;
      if (f === 'r') result.push(['r', k, own.has(k) ? own.get(k) : (this.cells.get(k)?.value ?? null)]);
      else if (f === 'w') own.set(k, v), result.push(['w', k, v]);
      else throw malformedTxn(`unknown micro-op ${JSON.stringify(f)}`);
    }
    if (own.size > 0) {
      const counter = ++this.counter;
      for (const [k, v] of own) {
        this.cells.set(k, { value: v, counter, node: this.nodeId });
        this.log.push({ seq: ++this.seq, entry: [k, v, counter, this.nodeId] });
      }
    }
    return result;
  }

  /** The committed value of a key (null when never written). */
  read(key: unknown): unknown {
    return this.cells.get(key)?.value ?? null;
  }

  /** Applies a peer's batch: LWW-merge its entries, note how far it has got and what it has from us. */
  receive(from: string, upto: number, entries: readonly WireEntry[], ack: number): void {
    for (const [k, v, counter, node] of entries) {
      this.counter = Math.max(this.counter, counter);
      const cell = this.cells.get(k);
      if (cell === undefined || newer([counter, node], [cell.counter, cell.node])) this.cells.set(k, { value: v, counter, node });
    }
    if (this.receivedFrom.has(from)) this.receivedFrom.set(from, Math.max(this.receivedFrom.get(from)!, upto));
    if (this.ackedBy.has(from)) this.ackedBy.set(from, Math.max(this.ackedBy.get(from)!, Math.min(ack, this.seq)));
    const floor = Math.min(...this.peers.map((p) => this.ackedBy.get(p)!));
    if (this.log.length > 0 && this.log[0].seq <= floor) this.log = this.log.filter((e) => e.seq > floor);
  }

  /**
   * The batch owed to `peer`, or undefined when it has all our commits and our latest ack: every
   * commit it has not acknowledged (only the newest per key, which is all LWW needs), the seq they
   * run up to, and our ack of its commits. Unacknowledged commits are resent on every call.
   */
  batchFor(peer: string): { upto: number; entries: WireEntry[]; ack: number } | undefined {
    const acked = this.ackedBy.get(peer) ?? 0;
    const received = this.receivedFrom.get(peer) ?? 0;
    if (acked >= this.seq && received <= (this.ackSent.get(peer) ?? 0)) return undefined;
    const latest = new Map<unknown, WireEntry>();
    for (const { seq, entry } of this.log) if (seq > acked) latest.set(entry[0], entry);
    this.ackSent.set(peer, received);
    return { upto: this.seq, entries: [...latest.values()], ack: received };
  }

  /** Whether some peer still lacks one of our commits (so batches must keep going). */
  get unacknowledged(): boolean {
    return this.peers.some((p) => this.ackedBy.get(p)! < this.seq);
  }
}
