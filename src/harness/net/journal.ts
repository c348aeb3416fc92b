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
 * Collects events in memory. Memory is the cost (about 150 bytes an event); a 30 s run at
 * 10k ops/s holds ~1.2M events, which fits, and keeps the checker a plain fold over an array.
 */
export class Journal {
  /** Every event so far, in the order they happened. */
  readonly events: JournalEvent[] = [];

  /** Records that a message was handed to the network (before any partition decision). */
  send(time: number, id: number, src: string, dest: string, body: unknown): void {
    this.events.push({ kind: 'send', time, id, src, dest, body });
  }

  /** Records that a message was actually delivered to its destination. */
  recv(time: number, id: number, src: string, dest: string, body: unknown): void {
    this.events.push({ kind: 'recv', time, id, src, dest, body });
  }

  /** The journal as JSON lines, one event per line. */
  *lines(): Generator<string> {
    for (const event of this.events) yield JSON.stringify(event);
  }
}
