/**
 * One node process (SPEC §0 step 3, §1.1): spawned from --bin with the trailing args, stdin and
 * stdout as pipes, stderr kept as node-logs/<node>.log. Each stdout line is parsed and handed to
 * the network; deliveries are written to stdin as JSON lines, batched per event-loop turn.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { deliveryLine, parseNodeLine } from '../net/envelope.js';
import { InvalidMessageError, type Delivery, type Network } from '../net/network.js';
import { DEFAULT_NODE_LIMITS, FloodMeter, type NodeFault, type NodeLimits } from './limits.js';
import { LineSplitter, type LineSink } from './line-reader.js';
import { RECENT_LINES, RecentLines } from './recent-lines.js';
import { killGroup, track, untrack } from './reaper.js';

/** How a node process is started and reported. */
export interface NodeProcessOptions {
  id: string;
  bin: string;
  args: string[];
  network: Network;
  /** Path of the stderr log file. */
  logPath: string;
  /** Also echo stderr lines to the console. */
  logStderr: boolean;
  /** Loud warnings (bad output lines, early exit). */
  warn: (text: string) => void;
  /** Extra environment variables for the node (the harness's own environment is inherited). */
  env?: Record<string, string>;
  /** Called once per fault the node commits (also kept in `faults`). */
  onFault?: (fault: NodeFault) => void;
  /** Bounds on what the node may do; defaults in DEFAULT_NODE_LIMITS. */
  limits?: Partial<NodeLimits>;
  /** Milliseconds, for the flood meter; default performance.now. */
  now?: () => number;
}

/** How a node ended, when it did. */
export interface NodeExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Whether the harness killed it (teardown) rather than it exiting by itself. */
  killed: boolean;
}

/** A running node. */
export class NodeProcess {
  /** Set once the process has exited. */
  exit: NodeExit | undefined;
  /** Why spawning failed, if it did (e.g. ENOENT, EACCES). */
  spawnError: Error | undefined;
  /** What the node did wrong, in order. */
  readonly faults: NodeFault[] = [];
  private readonly child: ChildProcess;
  private readonly limits: NodeLimits;
  private readonly flood: FloodMeter;
  private readonly log: WriteStream;
  private readonly unregister: () => void;
  private pending: string[] = [];
  private flushScheduled = false;
  private stoppedReading = false;
  /** Teardown began: later stdout lines are dropped unread, as Maelstrom's closed reader would. */
  private closing = false;
  private backpressure: NodeJS.Timeout | undefined;
  private warnedBackpressure = false;
  private droppedDeliveries = 0;
  private stderrPaused = false;
  /** Characters of stderr written to the log so far (about bytes for ASCII logs). */
  private logBytes = 0;
  private killing = false;
  private readonly exited: Promise<void>;
  /** Resolves when its stdout and stderr have closed too, so the last lines have been read. */
  private readonly closed: Promise<void>;
  /** Maelstrom keeps a node's last 32 stdout and stderr lines to show when it crashes. */
  private readonly recentStdout = new RecentLines(RECENT_LINES);
  private readonly recentStderr = new RecentLines(RECENT_LINES);

  constructor(private readonly options: NodeProcessOptions) {
    this.limits = { ...DEFAULT_NODE_LIMITS, ...options.limits };
    this.flood = new FloodMeter(this.limits.floodRatePerS, this.limits.floodBurst, options.now ?? (() => performance.now()));
    this.log = createWriteStream(options.logPath);
    this.log.on('error', (e) => options.warn(`node log ${options.logPath}: ${e.message}`));
    this.child = spawn(options.bin, options.args, { cwd: tmpdir(), stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: options.env && { ...process.env, ...options.env } });
    if (this.child.pid !== undefined) track(this.child.pid);
    this.exited = new Promise((resolve) => {
      this.child.on('error', (e) => {
        this.spawnError = e;
        this.exit ??= { code: null, signal: null, killed: false };
        resolve();
      });
      this.child.on('exit', (code, signal) => {
        if (this.child.pid !== undefined) untrack(this.child.pid);
        this.exit = { code, signal, killed: this.killing };
        resolve();
      });
    });
    // A grandchild holding the pipes open must not hold up the report: give up waiting after 1 s.
    const streamsClosed = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.closed = this.exited.then(() => Promise.race([streamsClosed, new Promise<void>((resolve) => setTimeout(resolve, 1000).unref())]));
    void this.closed.then(() => {
      if (this.exit && !this.exit.killed && !this.spawnError) {
        // Maelstrom only notices at teardown; saying so now, with what the node last wrote, saves a wait.
        const fault: NodeFault = { node: this.id, kind: 'exited', text: this.crashReport() };
        this.faults.push(fault);
        this.options.onFault?.(fault);
        this.options.warn(`${fault.text}\n(The run goes on to its end; a node that exits fails it, as in Maelstrom.)`);
      }
    });
    this.child.stdin?.on('error', () => undefined); // EPIPE after an exit; the exit is reported instead
    this.readLines(this.child.stdout!, {
      line: (line) => this.onStdoutLine(line),
      overflow: (head, chars) =>
        this.fault('line-too-long', `Node ${this.id} wrote a stdout line longer than ${this.limits.maxLineChars} characters (${chars} before glomers gave up on it), starting ${truncate(head)}`),
    });
    this.readLines(this.child.stderr!, {
      line: (line) => this.onStderrLine(line),
      overflow: (head, chars) => this.onStderrLine(`${head} [... stderr line cut: longer than ${this.limits.maxLineChars} characters (${chars} so far)]`),
    });
    this.unregister = options.network.registerParticipant(options.id, (message) => this.deliver(message));
  }

  /** The node's id. */
  get id(): string {
    return this.options.id;
  }

  /** The process id (also its process group id), or undefined when spawning failed. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the process exited without being killed by the harness. */
  get crashed(): boolean {
    return this.exit !== undefined && !this.exit.killed;
  }

  /**
   * Maelstrom's crash message: the exit, the node's last 32 stdout and stderr lines, and where its
   * full log is. Complete once `whenClosed()` has resolved.
   */
  crashReport(): string {
    const exit = this.exit ? describe(this.exit) : 'no exit yet';
    const shown = (lines: RecentLines) => (lines.size === 0 ? '(nothing)' : lines.lines().join('\n'));
    return (
      `Node ${this.id} crashed with ${exit}. Before crashing, it wrote to STDOUT:\n\n${shown(this.recentStdout)}\n\n` +
      `And to STDERR:\n\n${shown(this.recentStderr)}\n\nFull STDERR logs are available in ${this.options.logPath}`
    );
  }

  /** Resolves once the process has exited and its output streams are read to the end (or 1 s later). */
  whenClosed(): Promise<void> {
    return this.closed;
  }

  /** Resolves when the process has exited (or failed to start). */
  whenExited(): Promise<void> {
    return this.exited;
  }

  /**
   * Closes stdin and lets the node exit by itself within `graceMs` (a traced node writes its trace
   * on stdin end), then kills it as `kill` does. Maelstrom never does this; glomers only with --trace.
   */
  async close(graceMs: number): Promise<void> {
    this.closeOutput();
    this.unregister();
    if (this.exit === undefined && this.child.pid !== undefined) {
      this.killing = true;
      this.child.stdin?.end();
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, graceMs).unref())]);
    }
    await this.kill();
  }

  /**
   * Teardown began: stop reading stdout. What the node writes from now on (replies to clients
   * being closed, gossip to nodes being killed) is dropped without a warning.
   */
  closeOutput(): void {
    this.closing = true;
    // Keep draining (and discarding): a node blocked on a full stdout pipe could not exit by itself.
    this.pauseStdout();
    this.child.stdout?.resume();
  }

  /** Kills the process group (destroyForcibly) and waits up to 5 s for it to go. */
  async kill(): Promise<void> {
    this.closeOutput();
    this.unregister();
    if (this.exit === undefined && this.child.pid !== undefined) {
      this.killing = true;
      killGroup(this.child.pid);
      untrack(this.child.pid);
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, 5000).unref())]);
    }
    await new Promise<void>((resolve) => this.log.end(resolve));
  }

  private deliver(message: Delivery): void {
    if (message.src.charCodeAt(0) === 99) this.flood.grant(this.limits.floodGrantPerClientMessage); // 'c': a client's request
    this.pending.push(deliveryLine(message.id, message.src, message.dest, message.body, message.raw)); // raw: splice, not re-serialize
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.pending.length === 0 || this.exit) return;
    const stdin = this.child.stdin;
    if (stdin && stdin.writableLength > this.limits.maxStdinBacklogBytes) {
      // The node stopped reading its input: buffering more would grow the harness without bound.
      this.droppedDeliveries += this.pending.length;
      this.pending = [];
      this.fault('stdin-backlog', `Node ${this.id} stopped reading its stdin: ${stdin.writableLength} bytes of deliveries were waiting for it, so glomers dropped deliveries to it while that lasted`);
      return;
    }
    const text = this.pending.join('\n') + '\n';
    this.pending = [];
    stdin?.write(text);
  };

  /** Deliveries dropped because the node did not read its stdin. */
  get dropped(): number {
    return this.droppedDeliveries;
  }

  private onStdoutLine(line: string): void {
    this.recentStdout.push(line);
    if (this.stoppedReading || this.closing || line.trim() === '') return;
    if (!this.flood.take()) {
      const count = this.flood.count;
      this.fault(
        'stdout-flood',
        `Node ${this.id} flooded stdout: ${count} messages in ${this.flood.elapsedS().toFixed(1)} s, beyond the ${this.limits.floodRatePerS} per second plus ${this.limits.floodGrantPerClientMessage} per client request (burst ${this.limits.floodBurst}) glomers allows a node`,
      );
      return;
    }
    const parsed = parseNodeLine(line);
    if (!parsed.ok) {
      this.fault('invalid-line', `Node ${this.id} wrote an invalid message: ${parsed.reason}\n  line: ${truncate(line)}`);
      return;
    }
    try {
      this.options.network.send(parsed.src, parsed.dest, parsed.body, line);
    } catch (e) {
      if (!(e instanceof InvalidMessageError)) throw e;
      this.fault('unknown-participant', `Node ${this.id} wrote an invalid message: ${e.message}\n  line: ${truncate(line)}`);
      return;
    }
    if (this.options.network.inFlightFrom(this.id) > this.limits.maxInFlight) this.applyBackpressure();
  }

  /**
   * Records a fault. Every fault stops the reading of stdout for the rest of the run: for an
   * invalid line that is Maelstrom's quirk (SPEC §1.2), for a flood or an endless line it is what
   * bounds the harness's memory. A stdin backlog leaves stdout alone.
   */
  private fault(kind: NodeFault['kind'], text: string): void {
    if (this.closing) return;
    if (kind === 'stdin-backlog') {
      if (this.faults.some((f) => f.kind === kind)) return;
    } else {
      if (this.stoppedReading) return;
      this.stoppedReading = true;
      this.pauseStdout();
    }
    const fault: NodeFault = { node: this.id, kind, text: kind === 'stdin-backlog' ? text : `${text}\n  glomers now stops reading ${this.id}'s stdout for the rest of the run` };
    this.faults.push(fault);
    this.options.onFault?.(fault);
    const quirk = kind === 'invalid-line' || kind === 'unknown-participant' ? ' (as Maelstrom does)' : '';
    this.options.warn(`Error! ${fault.text}${quirk}.`);
  }

  /** Stops reading stdout while too many of this node's messages wait in the network. */
  private applyBackpressure(): void {
    if (this.backpressure) return;
    if (!this.warnedBackpressure) {
      this.warnedBackpressure = true;
      this.options.warn(`${this.id} has ${this.options.network.inFlightFrom(this.id)} messages waiting in the network; glomers pauses reading its stdout until half of them are delivered (nothing is lost)`);
    }
    this.child.stdout?.pause();
    this.backpressure = setInterval(() => {
      if (this.options.network.inFlightFrom(this.id) > this.limits.maxInFlight / 2) return;
      clearInterval(this.backpressure);
      this.backpressure = undefined;
      if (!this.stoppedReading && !this.closing) this.child.stdout?.resume();
    }, 10);
    this.backpressure.unref();
  }

  private pauseStdout(): void {
    this.child.stdout?.pause();
    if (this.backpressure) clearInterval(this.backpressure);
    this.backpressure = undefined;
  }

  private onStderrLine(line: string): void {
    this.recentStderr.push(line);
    if (this.logBytes > this.limits.maxLogBytes) return;
    this.logBytes += line.length + 1;
    if (this.logBytes > this.limits.maxLogBytes) {
      // A disk-filling log helps nobody: say where it was cut, then drop the rest (still read, so the node never blocks).
      line = `[glomers: ${this.id}'s log was cut here at ${this.limits.maxLogBytes} bytes; later stderr lines are discarded]`;
      this.options.warn(`Node ${this.id} wrote more than ${this.limits.maxLogBytes} bytes of stderr; glomers discards the rest of its log`);
    }
    // stderr can still drain after teardown closed the log; those last lines only go to the console.
    if (!this.log.writableEnded && !this.log.write(line + '\n') && !this.stderrPaused) {
      // A node can log faster than the disk takes it: wait for the file instead of buffering.
      this.stderrPaused = true;
      this.child.stderr?.pause();
      this.log.once('drain', () => {
        this.stderrPaused = false;
        this.child.stderr?.resume();
      });
    }
    if (this.options.logStderr) process.stderr.write(`[${this.id}] ${line}\n`);
  }

  private readLines(stream: NodeJS.ReadableStream, sink: LineSink): void {
    const splitter = new LineSplitter(sink, this.limits.maxLineChars);
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => splitter.push(chunk));
    stream.on('end', () => splitter.end());
  }
}

/** "exit status 1" or "signal SIGSEGV". */
export function describe(exit: NodeExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit status ${exit.code}`;
}

function truncate(line: string): string {
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
