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

/** Events per chunk: small enough that growing the journal never copies a big array. */
const CHUNK = 8192;

interface Chunk {
  /** Relative ns. */
  times: Float64Array;
  /** Message id, or −id−1 for recv events (so 0 stays distinguishable). */
  ids: Float64Array;
  srcs: string[];
  dests: string[];
  bodies: unknown[];
}

/**
 * Collects events in memory, column by column in fixed-size chunks: recording an event allocates
 * no object (numbers go to typed arrays; the other columns hold references to strings and bodies
 * the messages already own), and growth never copies a long array. That keeps the garbage
 * collector out of the delivery path at 100k+ messages per second. JournalEvent objects are
 * only built when read.
 */
export class Journal {
  private readonly chunks: Chunk[] = [];
  private count = 0;
  /** The chunk being filled. */
  private current: Chunk | undefined;
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
    return this.count;
  }

  /** Event i. */
  at(i: number): JournalEvent {
    const chunk = this.chunks[Math.floor(i / CHUNK)];
    const k = i % CHUNK;
    const raw = chunk.ids[k];
    return { kind: raw >= 0 ? 'send' : 'recv', time: chunk.times[k], id: raw >= 0 ? raw : -raw - 1, src: chunk.srcs[k], dest: chunk.dests[k], body: chunk.bodies[k] };
  }

  /** Every event so far, in order, as objects (built once and cached until the next event). */
  get events(): JournalEvent[] {
    if (!this.cache || this.cache.length !== this.count) this.cache = Array.from({ length: this.count }, (_, i) => this.at(i));
    return this.cache;
  }

  /** Iterates the events without building them all at once. */
  *[Symbol.iterator](): Generator<JournalEvent> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }

  /** Moves every event recorded so far by −deltaNs (when relative time begins after init). */
  shiftTimes(deltaNs: number): void {
    for (let i = 0; i < this.count; i++) this.chunks[Math.floor(i / CHUNK)].times[i % CHUNK] -= deltaNs;
    this.cache = undefined;
  }

  /** Forgets every event (benchmarks). */
  clear(): void {
    this.chunks.length = 0;
    this.current = undefined;
    this.count = 0;
    this.cache = undefined;
  }

  /** The journal as JSON lines, one event per line. */
  *lines(): Generator<string> {
    for (const event of this) yield JSON.stringify(event);
  }

  private push(time: number, id: number, src: string, dest: string, body: unknown): void {
    const k = this.count % CHUNK;
    if (k === 0) this.current = this.chunks[this.chunks.push(newChunk()) - 1];
    const chunk = this.current!;
    chunk.times[k] = time;
    chunk.ids[k] = id;
    chunk.srcs[k] = src;
    chunk.dests[k] = dest;
    chunk.bodies[k] = body;
    this.count++;
  }
}

/** A chunk with every column allocated at full size up front: appending never grows an array. */
function newChunk(): Chunk {
  return { times: new Float64Array(CHUNK), ids: new Float64Array(CHUNK), srcs: new Array<string>(CHUNK).fill(''), dests: new Array<string>(CHUNK).fill(''), bodies: new Array<unknown>(CHUNK).fill(null) };
}
