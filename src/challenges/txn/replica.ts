/**
 * One node's register store for challenges 6a–6c: transactions run atomically against local
 * state and commit at once (total availability: nothing ever waits on a peer), and committed
 * writes reach peers later in batches (over the runtime's reliable link, see ../txn.ts), merged
 * last-writer-wins by a (Lamport counter, node id) version so every replica converges on the
 * same value per key, whatever order, delay or repetition the batches arrive with.
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

/** Whether version a is newer than version b. */
export function newer(a: Version, b: Version): boolean {
  return a[0] !== b[0] ? a[0] > b[0] : a[1] > b[1];
}

/** A malformed txn, as Maelstrom error data (code 12, malformed-request). */
export function malformedTxn(text: string): { code: number; text: string } {
  return { code: 12, text };
}

/** What a txn did: its completed micro-ops, and its committed writes to replicate. */
export interface Executed {
  result: TxnMop[];
  writes: WireEntry[];
}

/** The store. */
export class Replica {
  private readonly cells = new Map<unknown, Cell>();
  private counter = 0;

  constructor(readonly nodeId: string) {}

  /** Runs a txn: reads see committed state or this txn's own earlier writes; commits its final writes. */
  execute(txn: unknown): Executed {
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
    const writes: WireEntry[] = [];
    if (own.size > 0) {
      const counter = ++this.counter;
      for (const [k, v] of own) {
        this.cells.set(k, { value: v, counter, node: this.nodeId });
        writes.push([k, v, counter, this.nodeId]);
      }
    }
    return { result, writes };
  }

  /** The committed value of a key (null when never written). */
  read(key: unknown): unknown {
    return this.cells.get(key)?.value ?? null;
  }

  /** Merges a peer's writes last-writer-wins; an old or repeated one changes nothing. */
  apply(entries: readonly WireEntry[]): void {
    for (const [k, v, counter, node] of entries) {
      this.counter = Math.max(this.counter, counter);
      const cell = this.cells.get(k);
      if (cell === undefined || newer([counter, node], [cell.counter, cell.node])) this.cells.set(k, { value: v, counter, node });
    }
  }
}
