/**
 * One key's log on one node: the entries it knows, sorted by offset (possibly sparse: offsets are
 * allocated from per-node residue classes), plus the highest offset it knows to exist anywhere.
 */

/** The entries of one key. */
export class KeyLog {
  /** Known offsets, ascending. */
  private readonly offsets: number[] = [];
  private readonly msgs = new Map<number, unknown>();
  /** Highest offset known to exist or be promised away (own allocations go above it). */
  maxKnown = -1;

  /** Number of entries held. */
  get size(): number {
    return this.offsets.length;
  }

  /**
   * Adds an entry; returns false if the offset was already held (a re-delivery). Raises maxKnown.
   * Cost: O(log n) search, O(n) insert only when an entry arrives out of order.
   */
  insert(offset: number, msg: unknown): boolean {
    if (this.msgs.has(offset)) return false;
    this.msgs.set(offset, msg);
    const at = this.lowerBound(offset);
    if (at === this.offsets.length) this.offsets.push(offset);
    else this.offsets.splice(at, 0, offset);
    if (offset > this.maxKnown) this.maxKnown = offset;
    return true;
  }

  /** The message at an offset, if held. */
  get(offset: number): unknown {
    return this.msgs.get(offset);
  }

  /** Entries with `from <= offset <= upTo`, ascending, at most `limit` of them. */
  range(from: number, upTo: number, limit: number): Array<[number, unknown]> {
    const out: Array<[number, unknown]> = [];
    for (let i = this.lowerBound(from); i < this.offsets.length && out.length < limit; i++) {
      const offset = this.offsets[i];
      if (offset > upTo) break;
      out.push([offset, this.msgs.get(offset)]);
    }
    return out;
  }

  private lowerBound(offset: number): number {
    let lo = 0;
    let hi = this.offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.offsets[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
