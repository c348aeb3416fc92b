/**
 * One node process (SPEC §0 step 3, §1.1): spawned from --bin with the trailing args, stdin and
 * stdout as pipes, stderr kept as node-logs/<node>.log. Each stdout line is parsed and handed to
 * the network; deliveries are written to stdin as JSON lines, batched per event-loop turn.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { deliveryLine, parseNodeLine } from '../net/envelope.js';
import type { Delivery, Network } from '../net/network.js';
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
  private readonly child: ChildProcess;
  private readonly log: WriteStream;
  private readonly unregister: () => void;
  private pending: string[] = [];
  private flushScheduled = false;
  private stoppedReading = false;
  private killing = false;
  private readonly exited: Promise<void>;

  constructor(private readonly options: NodeProcessOptions) {
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
        if (!this.killing) options.warn(`Node ${options.id} exited by itself with ${describe(this.exit)} (this fails the run at teardown, as in Maelstrom)`);
        resolve();
      });
    });
    this.child.stdin?.on('error', () => undefined); // EPIPE after an exit; the exit is reported instead
    this.readLines(this.child.stdout!, (line) => this.onStdoutLine(line));
    this.readLines(this.child.stderr!, (line) => this.onStderrLine(line));
    this.unregister = options.network.registerParticipant(options.id, (message) => this.deliver(message));
  }

  /** The node's id. */
  get id(): string {
    return this.options.id;
  }

  /** Whether the process exited without being killed by the harness. */
  get crashed(): boolean {
    return this.exit !== undefined && !this.exit.killed;
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
    this.unregister();
    if (this.exit === undefined && this.child.pid !== undefined) {
      this.killing = true;
      this.child.stdin?.end();
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, graceMs).unref())]);
    }
    await this.kill();
  }

  /** Kills the process group (destroyForcibly) and waits up to 5 s for it to go. */
  async kill(): Promise<void> {
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
    this.pending.push(deliveryLine(message.id, message.src, message.dest, message.body));
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.pending.length === 0 || this.exit) return;
    const text = this.pending.join('\n') + '\n';
    this.pending = [];
    this.child.stdin?.write(text);
  };

  private onStdoutLine(line: string): void {
    if (this.stoppedReading || line.trim() === '') return;
    const parsed = parseNodeLine(line);
    let problem: string | undefined;
    if (parsed.ok) {
      try {
        this.options.network.send(parsed.src, parsed.dest, parsed.body, line);
      } catch (e) {
        problem = (e as Error).message;
      }
    } else problem = parsed.reason;
    if (problem !== undefined) {
      // Maelstrom's quirk (SPEC §1.2): the stdout reader dies on the first bad line and never
      // reads this node again. We reproduce it, but say so loudly.
      this.stoppedReading = true;
      this.options.warn(
        `Error! Node ${this.id} wrote an invalid message: ${problem}\n  line: ${truncate(line)}\n  ` +
          `As Maelstrom does, glomers now stops reading ${this.id}'s stdout for the rest of the run.`,
      );
    }
  }

  private onStderrLine(line: string): void {
    // stderr can still drain after teardown closed the log; those last lines only go to the console.
    if (!this.log.writableEnded) this.log.write(line + '\n');
    if (this.options.logStderr) process.stderr.write(`[${this.id}] ${line}\n`);
  }

  private readLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      let start = 0;
      let nl = chunk.indexOf('\n');
      if (nl < 0) {
        rest += chunk;
        return;
      }
      onLine(rest + chunk.slice(0, nl));
      rest = '';
      start = nl + 1;
      while ((nl = chunk.indexOf('\n', start)) >= 0) {
        onLine(chunk.slice(start, nl));
        start = nl + 1;
      }
      rest = chunk.slice(start);
    });
    stream.on('end', () => {
      if (rest) onLine(rest);
      rest = '';
    });
  }
}

/** "exit status 1" or "signal SIGSEGV". */
export function describe(exit: NodeExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit status ${exit.code}`;
}

function truncate(line: string): string {
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
