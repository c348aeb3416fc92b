/**
 * The network journal (SPEC §3.4): every send and every actual delivery, in order. The `:net`
 * checker folds over these events; the run also writes them as net-journal.jsonl.
 */

/** One journal entry. `time` is nanoseconds since relative time began; `id` is the message id. */
export interface JournalEvent {
  kind: 'send' | 'recv';
  time: number;
  id: number;
  src: string;
  dest: string;
  body: unknown;
}

/**
 * Collects events in memory, column by column: recording an event allocates no object (the
 * columns hold numbers and references to strings and bodies the messages already own), which
 * keeps the garbage collector out of the delivery path at 100k+ messages per second.
 * JournalEvent objects are only built when read.
 */
export class Journal {
  private readonly times: number[] = [];
  /** Message id, negated and minus one for recv events (so 0 stays distinguishable). */
  private readonly ids: number[] = [];
  private readonly srcs: string[] = [];
  private readonly dests: string[] = [];
  private readonly bodies: unknown[] = [];
  private cache: JournalEvent[] | undefined;

  /** Records that a message was handed to the network (before any partition decision). */
  send(time: number, id: number, src: string, dest: string, body: unknown): void {
    this.push(time, id, src, dest, body);
  }

  /** Records that a message was actually delivered to its destination. */
  recv(time: number, id: number, src: string, dest: string, body: unknown): void {
    this.push(time, -id - 1, src, dest, body);
  }

  /** Number of events. */
  get length(): number {
    return this.ids.length;
  }

  /** Event i. */
  at(i: number): JournalEvent {
    const raw = this.ids[i];
    return { kind: raw >= 0 ? 'send' : 'recv', time: this.times[i], id: raw >= 0 ? raw : -raw - 1, src: this.srcs[i], dest: this.dests[i], body: this.bodies[i] };
  }

  /** Every event so far, in order, as objects (built once and cached until the next event). */
  get events(): JournalEvent[] {
    if (!this.cache || this.cache.length !== this.length) this.cache = Array.from({ length: this.length }, (_, i) => this.at(i));
    return this.cache;
  }

  /** Iterates the events without building them all at once. */
  *[Symbol.iterator](): Generator<JournalEvent> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /** Moves every event recorded so far by −deltaNs (when relative time begins after init). */
  shiftTimes(deltaNs: number): void {
    for (let i = 0; i < this.times.length; i++) this.times[i] -= deltaNs;
    this.cache = undefined;
  }

  /** Forgets every event (benchmarks). */
  clear(): void {
    for (const column of [this.times, this.ids, this.srcs, this.dests, this.bodies]) column.length = 0;
    this.cache = undefined;
  }

  /** The journal as JSON lines, one event per line. */
  *lines(): Generator<string> {
    for (const event of this) yield JSON.stringify(event);
  }

  private push(time: number, id: number, src: string, dest: string, body: unknown): void {
    this.times.push(time);
    this.ids.push(id);
    this.srcs.push(src);
    this.dests.push(dest);
    this.bodies.push(body);
  }
}
