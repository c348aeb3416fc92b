/** The tail of a node's output that a crash report shows (Maelstrom's debug buffers). */

/** How many of a node's last stdout and stderr lines a crash report shows (Maelstrom's debug-buffer-size). */
export const RECENT_LINES = 32;

/** The last `capacity` lines pushed, each cut to 1000 characters (a crash report is for reading). */
export class RecentLines {
  private readonly ring: string[] = [];
  private next = 0;
  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.ring.length;
  }

  push(line: string): void {
    const kept = line.length > 1000 ? `${line.slice(0, 997)}...` : line;
    if (this.ring.length < this.capacity) this.ring.push(kept);
    else this.ring[this.next] = kept;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Oldest first. */
  lines(): string[] {
    return this.ring.length < this.capacity ? [...this.ring] : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
}
