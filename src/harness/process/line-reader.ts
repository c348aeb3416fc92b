/**
 * Cuts a node's output stream into lines with a bounded buffer: a node that writes megabytes
 * without a newline costs the harness at most `maxLineChars` of memory, not all of it.
 */

/** What a LineSplitter reports for one piece of input. */
export interface LineSink {
  /** One complete line, without its newline. */
  line(text: string): void;
  /**
   * A line grew past the limit. `head` is its first `maxLineChars` characters; the rest of that
   * line, up to its newline, is skipped.
   */
  overflow(head: string, chars: number): void;
}

/** Pure line splitting over string chunks (stdout and stderr are read as utf8). */
export class LineSplitter {
  private rest = '';
  /** Characters of the overlong line being skipped, or −1 while not skipping. */
  private skipped = -1;

  /** `maxLineChars`: the longest line kept whole; default 8 MiB of characters. */
  constructor(
    private readonly sink: LineSink,
    private readonly maxLineChars = 8 * 1024 * 1024,
  ) {}

  /** Feeds one chunk. */
  push(chunk: string): void {
    let start = 0;
    let nl = chunk.indexOf('\n');
    while (nl >= 0) {
      if (this.skipped >= 0) {
        this.skipped = -1; // the overlong line ends here; it was reported when it overflowed
      } else if (this.rest.length + nl - start > this.maxLineChars) {
        this.overflow(chunk.slice(start, nl));
        this.skipped = -1;
      } else {
        this.sink.line(this.rest + chunk.slice(start, nl));
      }
      this.rest = '';
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    const tail = chunk.slice(start);
    if (this.skipped >= 0) this.skipped += tail.length;
    else if (this.rest.length + tail.length > this.maxLineChars) this.overflow(tail);
    else this.rest += tail;
  }

  /** The stream ended: a last line without a newline still counts. */
  end(): void {
    if (this.skipped < 0 && this.rest) this.sink.line(this.rest);
    this.rest = '';
    this.skipped = -1;
  }

  private overflow(more: string): void {
    const head = (this.rest + more.slice(0, this.maxLineChars)).slice(0, this.maxLineChars);
    const chars = this.rest.length + more.length;
    this.rest = '';
    this.skipped = chars;
    this.sink.overflow(head, chars);
  }
}
