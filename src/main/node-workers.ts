/**
 * Starts a node's handler workers under piscina, wires them, and replaces any that dies. Each
 * worker gets a control port (comlink: init, stats, replacePeer, shutdown), a data port (raw lines
 * in, output chunks out), and a port to every other worker (forwarded RPC replies, init). Each
 * worker runs one task for the node's whole life; `atomics: 'disabled'` because piscina's default
 * Atomics.wait between tasks would freeze the worker's timers (RPC timeouts, gossip intervals).
 *
 * A replacement worker is initialised from the init line the first worker reported (kept here as
 * an opaque string, never parsed) and attaches to the same SeenSet, so the node keeps its id and
 * its seen values. It also attaches to the slot's durable journal (main keeps one per slot) and
 * gets main's unsettled input batches again, so the requests that were inside the dead worker are
 * answered (see Node.durable for how a replayed request is answered without being applied twice).
 */
import * as Comlink from 'comlink';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { portEndpoint } from '../shared/comlink-node.js';
import type { Logger } from '../shared/log.js';
import { Journal } from '../shared/journal.js';
import type { SeenSet } from '../shared/seen-set.js';
import type { MainToWorker, WorkerControl, WorkerInit, WorkerStats, WorkerTask, WorkerToMain } from '../shared/thread-protocol.js';

/** What the main thread holds for one worker. */
export interface WorkerHandle {
  index: number;
  /** Main's end of the data port. */
  data: MessagePort;
  control: Comlink.Remote<WorkerControl>;
  controlPort: MessagePort;
  /** The long-lived task: settles when the worker shuts down or dies. */
  task: Promise<unknown>;
  /** False once the task settled: comlink calls to a dead worker would never settle. */
  alive: boolean;
  /** Its init failed and it was told to shut down: its end is not a death to replace. */
  abandoned?: boolean;
}

/** How to start the workers. */
export interface StartOptions {
  count: number;
  definitionUrl: string;
  args: string[];
  seenSet: SeenSet;
  logLevel: string;
  log: Logger;
  /** Receives every WorkerToMain message from worker `index`. */
  onMessage(index: number, message: WorkerToMain): void;
  /** Worker `index` died; whatever was queued to it is lost. */
  onDeath?(index: number): void;
  /** Bytes of each slot's durable journal; 0 or absent: no journal. */
  journalBytes?: number;
  /** Fault injection: each worker kills itself after a random delay in this range. */
  killWorker?: { minMs: number; maxMs: number };
  /** The input batches to hand a replacement for slot `index` again, oldest first. */
  replayInput?(index: number): Extract<MainToWorker, { type: 'lines' }>[];
}

type Transfers = Parameters<typeof Comlink.transfer>[1];

/** The running workers of one node. */
export class NodeWorkers {
  /** Current handle per worker index; a replacement takes its predecessor's slot. */
  readonly handles: WorkerHandle[] = [];
  /** Workers replaced after dying. */
  restarts = 0;
  /** Each slot's durable journal, kept here so it outlives the slot's workers. */
  readonly journals: (Journal | undefined)[] = [];
  /** Per slot, Int32[2]: the (batch seq, line index) its worker is handling. */
  private readonly progress: Int32Array[] = [];
  /** Per slot, the input its last worker died on (seq:index), to spot an input that kills every worker. */
  private readonly diedOn: (string | undefined)[] = [];
  /** Per slot, an input two workers in a row died on, for the next replacement to answer instead of run. */
  private readonly poison: ({ seq: number; index: number } | undefined)[] = [];
  private initLine?: string;
  private closing = false;
  /** The replacements under way, one after another (see died). */
  private replacing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly pool: Piscina,
    private readonly options: StartOptions,
  ) {}

  /** Starts `options.count` workers; resolves once every one has run its definition's setup. */
  static async start(options: StartOptions): Promise<NodeWorkers> {
    const count = options.count;
    const pool = new Piscina({
      filename: new URL('../workers/node-worker.js', import.meta.url).href,
      minThreads: count,
      maxThreads: count,
      concurrentTasksPerWorker: 1,
      idleTimeout: Infinity,
      atomics: 'disabled',
    });
    const workers = new NodeWorkers(pool, options);
    for (let i = 0; i < count; i++) {
      workers.journals.push(options.journalBytes ? Journal.create(options.journalBytes) : undefined);
      workers.progress.push(new Int32Array(new SharedArrayBuffer(8)));
    }
    const peers: (MessagePort | null)[][] = Array.from({ length: count }, () => Array<MessagePort | null>(count).fill(null));
    for (let i = 0; i < count; i++) {
      for (let j = i + 1; j < count; j++) {
        const { port1, port2 } = new MessageChannel();
        peers[i][j] = port1;
        peers[j][i] = port2;
      }
    }
    await Promise.all(peers.map((row, index) => workers.launch(index, row)));
    return workers;
  }

  /** Counters from every live worker (a worker that does not answer within 1 s is left out). */
  async stats(): Promise<WorkerStats[]> {
    const answers = await Promise.all(this.live().map((handle) => withDeadline(handle.control.stats(), 1000)));
    return answers.filter((stats): stats is WorkerStats => stats !== undefined);
  }

  private live(): WorkerHandle[] {
    return this.handles.filter((handle) => handle.alive);
  }

  /** Ends every worker's task, closes main's ports and destroys the pool. */
  async shutdown(): Promise<void> {
    this.closing = true;
    await Promise.all(this.live().map((handle) => withDeadline(handle.control.shutdown(), 1000)));
    await Promise.allSettled(this.handles.map((handle) => handle.task));
    for (const handle of this.handles) {
      handle.controlPort.close();
      handle.data.close();
    }
    await this.pool.destroy();
  }

  /** Sends `end` to every worker; dead workers count as ended. */
  endAll(): void {
    this.closing = true;
    for (const handle of this.handles) {
      if (handle.alive) handle.data.postMessage({ type: 'end' });
      else this.options.onMessage(handle.index, { type: 'ended' });
    }
  }

  private async launch(index: number, peers: (MessagePort | null)[], replacing = false): Promise<void> {
    const control = new MessageChannel();
    const data = new MessageChannel();
    const task = this.pool.run({ control: control.port2 } satisfies WorkerTask, { transferList: [control.port2] });
    const remote = Comlink.wrap<WorkerControl>(portEndpoint(control.port1));
    const handle: WorkerHandle = { index, data: data.port1, control: remote, controlPort: control.port1, task, alive: true };
    data.port1.on('message', (message: WorkerToMain) => {
      if (message.type === 'initialised') this.initLine = message.initLine;
      this.options.onMessage(index, message);
    });
    this.handles[index] = handle;
    // Posted before any new input can reach the new handle, so the worker sees them first, in order.
    const replay = replacing ? (this.options.replayInput?.(index) ?? []) : [];
    for (const batch of replay) data.port1.postMessage(batch);
    task.then(
      () => (this.closing ? (handle.alive = false) : this.died(handle, new Error('task ended without shutdown'))),
      (error: unknown) => this.died(handle, error),
    );
    const init: WorkerInit = {
      definitionUrl: this.options.definitionUrl,
      args: this.options.args,
      workerIndex: index,
      workerCount: this.options.count,
      data: data.port2,
      peers,
      seenSetBuffer: this.options.seenSet.buffer,
      logLevel: this.options.logLevel,
      replayInit: replacing ? this.initLine : undefined,
      journalBuffer: this.journals[index]?.buffer,
      replayFromSeq: replay[0]?.seq,
      killAfterMs: this.killDelay(),
      progressBuffer: this.progress[index].buffer as SharedArrayBuffer,
      poison: replacing ? this.poison[index] : undefined,
    };
    const transfers = [data.port2, ...peers.filter((p): p is MessagePort => p !== null)];
    try {
      await remote.init(Comlink.transfer(init, transfers as unknown as Transfers));
    } catch (error) {
      // The task is running but will never be initialised: end it, so it does not hold a pool thread.
      handle.abandoned = true;
      void withDeadline(remote.shutdown(), 1000);
      throw error;
    }
  }

  private died(handle: WorkerHandle, error: unknown): void {
    handle.alive = false;
    if (this.handles[handle.index] !== handle || handle.abandoned) return;
    const seq = Atomics.load(this.progress[handle.index], 0);
    const at = `${seq}:${Atomics.load(this.progress[handle.index], 1)}`;
    this.options.log.error(`worker ${handle.index} died (handling input ${at}): ${(error as Error)?.message ?? error}`);
    const again = seq !== 0 && this.diedOn[handle.index] === at;
    this.poison[handle.index] = again ? { seq, index: Atomics.load(this.progress[handle.index], 1) } : undefined;
    this.diedOn[handle.index] = at;
    handle.controlPort.close();
    handle.data.close();
    this.options.onDeath?.(handle.index);
    if (this.closing) return this.options.onMessage(handle.index, { type: 'ended' });
    // One replacement at a time: two workers that die together must each be wired to the other's
    // replacement, and a comlink call to a dead sibling would never settle.
    this.replacing = this.replacing.then(() => this.replaceWithRetries(handle.index));
  }

  /** `replace`, tried again twice: a sibling dying at the wrong moment can close a port it is wiring. */
  private async replaceWithRetries(index: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.replace(index);
      } catch (failure) {
        this.options.log.error(`could not replace worker ${index} (attempt ${attempt} of 3): ${(failure as Error)?.stack ?? failure}`);
        if (attempt === 3 || this.closing) return void (process.exitCode = 1);
      }
    }
  }

  /**
   * Starts a new worker in a dead one's slot, with fresh ports to each live sibling. A sibling that
   * is dead too gets no port now: its own replacement, started after this one, wires the pair.
   */
  private async replace(index: number): Promise<void> {
    const peers: (MessagePort | null)[] = Array<MessagePort | null>(this.options.count).fill(null);
    const rewired: Promise<unknown>[] = [];
    const siblings = this.handles.filter((sibling) => sibling.index !== index && sibling.alive);
    for (const sibling of siblings) {
      const { port1, port2 } = new MessageChannel();
      peers[sibling.index] = port1;
      // A sibling that dies during the call never answers: its replacement is queued behind this one.
      rewired.push(withDeadline(sibling.control.replacePeer(index, Comlink.transfer(port2, [port2] as unknown as Transfers)), 1000));
    }
    await Promise.all(rewired);
    for (const sibling of siblings) {
      if (sibling.alive) continue;
      // Its end went down with it, which closes ours: a closed port cannot be handed to the new worker.
      peers[sibling.index]?.close();
      peers[sibling.index] = null;
    }
    this.restarts++;
    await this.launch(index, peers, true);
    this.options.log.warn(`worker ${index} restarted${this.initLine ? ' and re-initialised' : ''}`);
  }

  private killDelay(): number | undefined {
    const range = this.options.killWorker;
    return range && Math.round(range.minMs + Math.random() * (range.maxMs - range.minMs));
  }
}

/** Resolves with `promise`'s value, or undefined after `ms` (for calls into a worker that may be gone). */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
