/**
 * The input batches main handed to each worker slot and has not yet heard settled. When a worker
 * dies, its replacement gets these again, in order (main still never parses them): together with
 * the worker's durable journal this is what lets a node lose no acknowledged request. A batch still
 * unsettled after MAX_REPLAYS replacements died with it is dropped: something in it kills every
 * worker it reaches.
 */

/** One batch kept for replay. */
export interface KeptBatch {
  seq: number;
  lines: string[];
}

/**
 * Replays of one batch before it is given up as poison. A single input that kills every worker is
 * answered without being run after two deaths (NodeWorkers' progress word); this is the backstop.
 */
export const MAX_REPLAYS = 3;

/** Unsettled batches per worker slot. */
export class InputLedger {
  private readonly kept: Map<number, { lines: string[]; deaths: number }>[];
  private nextSeq = 1;

  constructor(workers: number) {
    this.kept = Array.from({ length: workers }, () => new Map<number, { lines: string[]; deaths: number }>());
  }

  /** Keeps `lines`, handed to worker `index`; returns the batch's seq (node-wide, from 1). */
  record(index: number, lines: string[]): number {
    const seq = this.nextSeq++;
    this.kept[index].set(seq, { lines, deaths: 0 });
    return seq;
  }

  /** Worker `index` settled batch `seq`: forget it. */
  settled(index: number, seq: number): void {
    this.kept[index].delete(seq);
  }

  /** Worker `index` died: drops (and returns the seqs of) batches it has now outlived too often. */
  died(index: number): number[] {
    const dropped: number[] = [];
    for (const [seq, batch] of this.kept[index]) {
      if (++batch.deaths > MAX_REPLAYS) {
        this.kept[index].delete(seq);
        dropped.push(seq);
      }
    }
    return dropped;
  }

  /** Worker `index`'s unsettled batches, oldest first (Map order is insertion order, which is seq order). */
  pending(index: number): KeptBatch[] {
    return [...this.kept[index]].map(([seq, { lines }]) => ({ seq, lines }));
  }

  /** Unsettled batches across all workers. */
  get size(): number {
    return this.kept.reduce((sum, map) => sum + map.size, 0);
  }
}
