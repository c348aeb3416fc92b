/**
 * What the harness tolerates from one node process before it calls the node hostile, and the
 * faults it then records. Maelstrom has no such limits (a flooding node grows its journal until
 * the JVM runs out of memory); these keep the harness's memory bounded per node while staying far
 * above what a correct node does in any challenge.
 *
 * A flood is judged against the work the node was given, not against a fixed rate: a fixed rate
 * high enough for echo at --rate 10000 (10k lines/s) would never trip on a loaded machine, where
 * the harness itself routes less than that. So each client request delivered to a node allows it
 * `floodGrantPerClientMessage` more lines, on top of a base rate for timers (gossip, retries).
 */

/** Per-node bounds, each with its default. */
export interface NodeLimits {
  /** Longest stdout/stderr line kept, in characters; a longer stdout line is invalid. Default 8 MiB. */
  maxLineChars: number;
  /**
   * Stdout messages per second a node may write with no client traffic (timers: gossip, retries,
   * heartbeats; gossiping to 24 peers every 10 ms is 2 400/s). Default 5 000.
   */
  floodRatePerS: number;
  /** Stdout messages each client request delivered to the node allows on top. Default 100. */
  floodGrantPerClientMessage: number;
  /** Messages a node may write at once (the bucket's size). Default 50 000. */
  floodBurst: number;
  /**
   * Messages from one node waiting in the network (latency, partitions) before the harness stops
   * reading that node's stdout until half of them are delivered (backpressure, nothing lost).
   * The lines of the read chunk in hand (64 KiB at most) still go out. Default 20 000.
   */
  maxInFlight: number;
  /**
   * Bytes of deliveries the harness buffers for a node that does not read its stdin; past this the
   * node is stuck, later deliveries to it are dropped and the run records a fault. Default 64 MiB.
   */
  maxStdinBacklogBytes: number;
  /** Bytes of stderr kept in node-logs/<node>.log; the rest is read and discarded. Default 256 MiB. */
  maxLogBytes: number;
}

/** The defaults. */
export const DEFAULT_NODE_LIMITS: Readonly<NodeLimits> = {
  maxLineChars: 8 * 1024 * 1024,
  floodRatePerS: 5_000,
  floodGrantPerClientMessage: 100,
  floodBurst: 50_000,
  maxInFlight: 20_000,
  maxStdinBacklogBytes: 64 * 1024 * 1024,
  maxLogBytes: 256 * 1024 * 1024,
};

/** What a node did wrong, as the run reports it (results.json "node-faults"). */
export interface NodeFault {
  node: string;
  /**
   * invalid-line: not JSON or outside the closed envelope schema; unknown-participant: src or
   * dest not in the network (Maelstrom's "Invalid dest"); line-too-long: past maxLineChars;
   * stdout-flood: past the flood rate; stdin-backlog: stopped reading its input; exited: the
   * process ended by itself during the run (Maelstrom fails the test at teardown).
   */
  kind: 'invalid-line' | 'unknown-participant' | 'line-too-long' | 'stdout-flood' | 'stdin-backlog' | 'exited';
  /** One sentence naming what the node did. */
  text: string;
}

/**
 * A token bucket over a node's stdout messages: `take()` is false once the node has written more
 * than `burst` messages beyond `ratePerS` per second plus what `grant` allowed. Time comes from
 * `now` (ms) so tests can drive it.
 */
export class FloodMeter {
  private tokens: number;
  private last: number;
  /** Messages counted since the meter started. */
  count = 0;
  private readonly started: number;

  constructor(
    private readonly ratePerS: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.last = now();
    this.started = this.last;
  }

  /** Counts one message; false when the bucket is empty (the node is flooding). */
  take(): boolean {
    this.count++;
    // Reading the clock per line would cost as much as parsing it; refill every 256 messages.
    if ((this.count & 255) === 0 || this.tokens < 1) {
      const t = this.now();
      this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) * this.ratePerS) / 1000);
      this.last = t;
    }
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }

  /** Allows `n` more messages (the node was given work), up to the bucket's size. */
  grant(n: number): void {
    this.tokens = Math.min(this.burst, this.tokens + n);
  }

  /** Seconds since the meter started. */
  elapsedS(): number {
    return (this.now() - this.started) / 1000;
  }
}
