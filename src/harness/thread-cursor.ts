/**
 * Which free client thread gets the next op, as Jepsen 0.3.7 (the version Maelstrom 0.2.x pins)
 * chooses it (generator/context.clj, some-free-process and busy-thread): the first free thread at
 * or after a cursor, wrapping around; and the cursor moves on by exactly one slot per op
 * dispatched, not to just past the thread chosen. So while a thread is busy the thread after it
 * takes the ops meant for both. The cursor also has a slot for Jepsen's nemesis thread (the last
 * index), which no client op can take: from there the scan starts again at thread 0.
 */
export class ThreadCursor {
  private next = 0;

  /** `threads` client threads (plus the nemesis slot). */
  constructor(private readonly threads: number) {}

  /** The first thread at or after the cursor, wrapping, that `usable` accepts; undefined if none. */
  pick(usable: (thread: number) => boolean): number | undefined {
    for (let t = this.next; t < this.threads; t++) if (usable(t)) return t;
    // Past the last client thread (or on the nemesis slot): start over at thread 0.
    for (let t = 0; t < Math.min(this.next, this.threads); t++) if (usable(t)) return t;
    return undefined;
  }

  /** An op was dispatched (a client's, or the nemesis's): the cursor moves one slot on. */
  dispatched(): void {
    this.next = (this.next + 1) % (this.threads + 1);
  }
}
