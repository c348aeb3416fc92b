/**
 * Partition state (SPEC §3.3): dest → the srcs whose messages dest drops. Applying a grudge adds
 * pairs; healing clears everything. Grudges only ever name servers, so clients and services
 * always get through.
 */

/** A grudge: for each dest, the srcs it drops. */
export type Grudge = Map<string, Set<string>>;

/** The current partitions. */
export class Partitions {
  private readonly drops: Grudge = new Map();

  /** Adds every pair of the grudge. */
  apply(grudge: Grudge): void {
    for (const [dest, srcs] of grudge) {
      let set = this.drops.get(dest);
      if (!set) this.drops.set(dest, (set = new Set()));
      for (const src of srcs) set.add(src);
    }
  }

  /** Removes every partition. */
  heal(): void {
    this.drops.clear();
  }

  /** Whether a message from src to dest is dropped right now. */
  blocks(src: string, dest: string): boolean {
    if (this.drops.size === 0) return false;
    return this.drops.get(dest)?.has(src) ?? false;
  }

  /** Whether any partition is in force. */
  get active(): boolean {
    return this.drops.size > 0;
  }
}
