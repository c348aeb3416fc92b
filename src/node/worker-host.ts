/**
 * The glue between a worker's ports and its Node: raw lines in from main, whole lines out in one
 * batch per event-loop turn, RPC replies forwarded between sibling workers, and the control
 * surface (init, stats, shutdown) that main calls through comlink.
 */
import type { MessagePort } from 'node:worker_threads';
import { joinLines } from '../shared/framing.js';
import { createLogger, parseLogLevel, type Logger } from '../shared/log.js';
import { SeenSet } from '../shared/seen-set.js';
import { Journal } from '../shared/journal.js';
import type { MainToWorker, WorkerControl, WorkerInit, WorkerStats, WorkerToMain, WorkerToWorker } from '../shared/thread-protocol.js';
import { systemClock } from './clock.js';
import { loadDefinition } from './define.js';
import { Node } from './node.js';
import { TRACING, traceNow } from '../shared/trace.js';
import { stampPost, startWorkerTrace, traceBatch, traceForwardIn } from './trace-hooks.js';

/**
 * process.exit as Node gives it to a worker thread: it ends this thread only, and main replaces
 * the worker. Kept before init() wraps process.exit, for the runtime's own fault injection and for
 * tests that need a worker to die; a node's own process.exit call stops the whole node instead.
 */
const exitThisThread: (code?: number) => never = process.exit.bind(process);

/** Ends this worker thread only; main starts a replacement (fault injection, tests). */
export function exitWorkerThread(code: number): never {
  return exitThisThread(code);
}

/** How long a worker ending its input waits for its siblings' `drained` (a dead one never sends it). */
const DRAIN_WAIT_MS = 2000;

/** One handler worker's runtime; `done` resolves when main calls shutdown. */
export class WorkerHost implements WorkerControl {
  /** Resolves at shutdown, ending the worker's long-lived piscina task. */
  readonly done: Promise<void>;
  private finish!: () => void;
  private node?: Node;
  private data?: MessagePort;
  private peers: (MessagePort | null)[] = [];
  private outbox: string[] = [];
  private flushScheduled = false;
  private initAcks = 0;
  private initAcked?: () => void;
  private log: Logger = createLogger('info', (line) => process.stderr.write(line));
  /** Fault injection: set when this worker's time is up; it dies in the middle of its next input batch. */
  private doomed = false;
  /** Where main can see the input this worker is handling (batch seq, line index). */
  private progress: Int32Array<ArrayBufferLike> = new Int32Array(2);
  private poison?: { seq: number; index: number };
  /** Siblings that said they forward nothing more (see drainPeers). */
  private drainedPeers = 0;
  /** Lines for sibling workers (RPC replies, handed-off messages), by worker index, until the next flush. */
  private forwards: string[][] = [];
  private allDrained?: () => void;

  constructor() {
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  async init(init: WorkerInit): Promise<void> {
    this.log = createLogger(parseLogLevel(init.logLevel), (line) => process.stderr.write(line), `[worker ${init.workerIndex}]`);
    // A bug in a node's timer callback must not take the node down; it is logged loudly instead.
    process.on('uncaughtException', (error) => this.log.error(`uncaught: ${error?.stack ?? error}`));
    process.on('unhandledRejection', (error) => this.log.error(`unhandled rejection: ${(error as Error)?.stack ?? error}`));
    // A node author's process.exit means "stop this node", as in a one-thread program; in a worker
    // it would end only the thread, main would replace it, and the run would go on as if nothing
    // happened. So the output so far is posted, main is told, and main exits the process.
    process.exit = ((code?: number | string | null) => {
      const status = Number(code ?? process.exitCode ?? 0) || 0;
      this.flush();
      this.data?.postMessage({ type: 'exit', code: status } satisfies WorkerToMain);
      return exitThisThread(status);
    }) as typeof process.exit;
    this.data = init.data;
    this.peers = init.peers;
    const seenSet = SeenSet.attach(init.seenSetBuffer);
    if (TRACING) startWorkerTrace(init.workerIndex, seenSet, () => this.node?.id ?? '');
    const node = new Node({
      output: (line) => this.output(line),
      forward: (workerIndex, line) => this.forward(workerIndex, line),
      initPeers: init.workerCount > 1 ? (line) => this.initPeers(line) : undefined,
      initialised: (initLine) => {
        this.flush();
        this.data?.postMessage({ type: 'initialised', initLine } satisfies WorkerToMain);
      },
      clock: systemClock,
      log: this.log,
      args: init.args,
      workerIndex: init.workerIndex,
      workerCount: init.workerCount,
      seenSet,
    });
    if (init.journalBuffer) node.attachJournal(Journal.attach(init.journalBuffer));
    const definition = await loadDefinition(init.definitionUrl);
    await definition.setup(node);
    this.node = node;
    if (init.replayInit !== undefined) {
      await node.initFromPeer(init.replayInit);
      const records = await node.recover(init.replayFromSeq);
      this.log.warn(`recovered: ${records} journaled input(s) replayed, main replays from batch ${init.replayFromSeq ?? '(none)'}`);
    }
    if (init.progressBuffer) this.progress = new Int32Array(init.progressBuffer);
    this.poison = init.poison;
    if (init.killAfterMs !== undefined) this.scheduleDeath(init.killAfterMs);
    init.data.on('message', (message: MainToWorker) => this.onData(message));
    init.peers.forEach((port) => port && this.listenToPeer(port));
  }

  replacePeer(index: number, port: MessagePort): void {
    this.peers[index]?.close();
    this.peers[index] = port;
    this.listenToPeer(port);
  }

  private listenToPeer(port: MessagePort): void {
    port.on('message', (message: WorkerToWorker) => void this.onPeer(port, message));
  }

  stats(): WorkerStats {
    const node = this.node;
    return {
      workerIndex: node?.workerIndex ?? -1,
      linesIn: node?.counters.linesIn ?? 0,
      linesOut: node?.counters.linesOut ?? 0,
      dropped: node?.counters.dropped ?? 0,
      pendingRpcs: node?.pendingRpcs ?? 0,
    };
  }

  shutdown(): void {
    this.flush();
    this.data?.close();
    for (const port of this.peers) port?.close();
    this.finish();
  }

  private onData(message: MainToWorker): void {
    if (message.type === 'lines') {
      const node = this.node!;
      const start = TRACING ? traceNow() : 0;
      const { lines, seq } = message;
      let running: Promise<unknown>[] | undefined;
      const reanswered = node.reanswered;
      for (let i = 0; i < lines.length; i++) {
        // Plain stores (a fence per line showed in echo throughput): main reads them only
        // after this thread has exited, which orders them before its read.
        this.progress[0] = seq;
        this.progress[1] = i;
        if (seq === this.poison?.seq && i === this.poison.index) {
          node.answerPoison(lines[i], seq, i);
          continue;
        }
        const pending = node.receive(lines[i], seq, i);
        if (pending instanceof Promise) (running ??= []).push(pending);
        // Fault injection: die with this batch half handled and its replies not yet posted.
        if (this.doomed) this.die();
      }
      // Dying between batches is not dying on an input.
      this.progress[0] = 0;
      if (TRACING) traceBatch(lines.length, start, message.sentAt);
      if (node.reanswered !== reanswered) this.log.info(`batch ${seq}: ${node.reanswered - reanswered} replayed input(s) answered from the journal, not applied again`);
      // Replies to a whole input batch leave in one post, not one per line.
      this.flush();
      // Main keeps the batch until every handler for it is done, to replay it if this worker dies.
      const settled = running === undefined ? seq : undefined;
      this.data!.postMessage({ type: 'consumed', batches: 1, settled } satisfies WorkerToMain);
      if (running !== undefined) void Promise.allSettled(running).then(() => this.settle(seq));
    } else if (message.type === 'end') {
      // An init still waiting on sibling workers holds requests back; answer them before ending.
      void this.node!.whenInitSettled()
        .then(() => this.drainPeers())
        .then(() => {
          this.flush();
          this.data!.postMessage({ type: 'ended' });
        });
    }
  }

  /** Posts `settled` for a batch whose async handlers finished, after their output. */
  private settle(seq: number): void {
    this.flush();
    this.data?.postMessage({ type: 'settled', seq } satisfies WorkerToMain);
  }

  private scheduleDeath(ms: number): void {
    const timer = setTimeout(() => {
      this.doomed = true;
      this.log.warn(`fault injection: worker dies now (GLOMERS_FAULT_KILL_WORKER, after ${ms} ms)`);
      // With no input arriving, die between batches instead.
      setTimeout(() => this.die(), 250).unref();
    }, ms);
    timer.unref();
  }

  /** Ends this worker thread only (process.exit in a worker thread stops that thread). */
  private die(): never {
    return exitWorkerThread(70);
  }

  private async onPeer(port: MessagePort, message: WorkerToWorker): Promise<void> {
    const node = this.node!;
    if (message.type === 'forward') {
      if (TRACING) traceForwardIn(message.sentAt);
      for (const line of message.lines) node.receive(line);
      this.flush();
    } else if (message.type === 'init') {
      await node.initFromPeer(message.line);
      this.flush();
      port.postMessage({ type: 'init-done' } satisfies WorkerToWorker);
    } else if (message.type === 'init-done') {
      if (--this.initAcks === 0) this.initAcked?.();
    } else if (message.type === 'drained') {
      this.drainedPeers++;
      if (this.drainedPeers >= this.peers.filter((port) => port !== null).length) this.allDrained?.();
    }
  }

  /**
   * Tells every sibling this worker forwards nothing more, and waits until each has said the same
   * (their forwards arrive before their `drained`, on the same port). A sibling that died never
   * says it: waiting stops after DRAIN_WAIT_MS.
   */
  private drainPeers(): Promise<void> {
    this.flushForwards();
    const live = this.peers.filter((port): port is MessagePort => port !== null);
    for (const port of live) port.postMessage({ type: 'drained' } satisfies WorkerToWorker);
    const missing = live.length - this.drainedPeers;
    if (missing <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, DRAIN_WAIT_MS);
      this.allDrained = () => (clearTimeout(timer), resolve());
    });
  }

  private initPeers(line: string): Promise<void> {
    const others = this.peers.filter((port): port is MessagePort => port !== null);
    this.initAcks = others.length;
    const acked = new Promise<void>((resolve) => (this.initAcked = resolve));
    for (const port of others) port.postMessage({ type: 'init', line } satisfies WorkerToWorker);
    return others.length === 0 ? Promise.resolve() : acked;
  }

  /** Queues a line for a sibling; the queue leaves in one post with this turn's output (flush). */
  private forward(workerIndex: number, line: string): void {
    if (!this.peers[workerIndex]) return this.log.warn(`line for unknown worker ${workerIndex} dropped`);
    (this.forwards[workerIndex] ??= []).push(line);
    this.output(undefined);
  }

  /** Posts each sibling's queued lines as one message: one post per line cost more than handling it. */
  private flushForwards(): void {
    for (let index = 0; index < this.forwards.length; index++) {
      const lines = this.forwards[index];
      if (lines === undefined || lines.length === 0) continue;
      this.forwards[index] = [];
      const port = this.peers[index];
      if (!port) {
        this.log.warn(`${lines.length} line(s) for unknown worker ${index} dropped`);
        continue;
      }
      const message: WorkerToWorker = { type: 'forward', lines };
      port.postMessage(TRACING ? stampPost(message, 'to worker') : message);
    }
  }

  /** Queues an outgoing line (undefined: only schedules a flush, for queued forwards). */
  private output(line: string | undefined): void {
    if (line !== undefined) this.outbox.push(line);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    this.flushForwards();
    if (this.outbox.length === 0 || !this.data) return;
    const text = joinLines(this.outbox);
    this.outbox = [];
    const message: WorkerToMain = { type: 'out', text };
    this.data.postMessage(TRACING ? stampPost(message, 'to main') : message);
  }
}
