/**
 * Batched, backpressured writes of whole lines to stdout. Chunks gathered during one event-loop
 * turn leave in a single write; when the stream says stop (write() returned false) nothing more is
 * written until 'drain', and the owner is told so it can pause its input.
 */
import type { Writable } from 'node:stream';

/** Writes text chunks to a stream, one write per turn, honouring backpressure. */
export class StdoutWriter {
  private pending: string[] = [];
  private scheduled = false;
  private blocked = false;
  private idleWaiters: (() => void)[] = [];
  /** Bytes-ish (characters) handed to the stream so far. */
  written = 0;
  /** Times the stream asked us to wait for drain. */
  stalls = 0;
  /** Set once the stream failed (e.g. EPIPE: the reader went away); later output is dropped. */
  failure?: Error;

  constructor(
    private readonly stream: Writable,
    /** Called with true when the stream is full and false once it drained. */
    private readonly onBackpressure: (blocked: boolean) => void = () => {},
    /** Called once if the stream fails; without a listener the error would kill the process. */
    onError: (error: Error) => void = () => {},
  ) {
    stream.once('error', (error: Error) => {
      this.failure = error;
      this.pending = [];
      this.blocked = false;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      onError(error);
    });
  }

  /** Queues text (whole newline-terminated lines) for the next write. */
  write(text: string): void {
    if (text.length === 0 || this.failure) return;
    this.pending.push(text);
    if (!this.scheduled && !this.blocked) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Resolves once everything queued has been handed to the stream and it is not blocked. */
  idle(): Promise<void> {
    if (this.pending.length === 0 && !this.blocked && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private flush(): void {
    this.scheduled = false;
    if (this.blocked || this.failure) return;
    if (this.pending.length > 0) {
      const chunk = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
      this.pending = [];
      this.written += chunk.length;
      if (!this.stream.write(chunk)) {
        this.blocked = true;
        this.stalls++;
        this.onBackpressure(true);
        this.stream.once('drain', () => {
          this.blocked = false;
          this.onBackpressure(false);
          this.flush();
        });
        return;
      }
    }
    if (this.pending.length === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

/** What a node does when stdout fails: nobody reads its output any more, so it stops reading input and winds down. */
export function stdoutFailed(error: Error): void {
  process.stderr.write(`glomers node: stdout failed (${error.message}); shutting down\n`);
  process.exitCode = 1;
  process.stdin.destroy();
}
