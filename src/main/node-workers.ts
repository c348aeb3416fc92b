/**
 * Starts a node's handler workers under piscina and wires them: a control port per worker
 * (comlink: init, stats, shutdown), a data port per worker (raw lines in, output chunks out), and
 * a port between every pair of workers (forwarded RPC replies, init). Each worker runs one task
 * for the node's whole life; `atomics: 'disabled'` because piscina's default Atomics.wait between
 * tasks would freeze the worker's timers (RPC timeouts, gossip intervals).
 */
import * as Comlink from 'comlink';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { portEndpoint } from '../shared/comlink-node.js';
import type { SeenSet } from '../shared/seen-set.js';
import type { WorkerControl, WorkerStats, WorkerTask, WorkerToMain } from '../shared/thread-protocol.js';

/** What the main thread holds for one worker. */
export interface WorkerHandle {
  index: number;
  /** Main's end of the data port. */
  data: MessagePort;
  control: Comlink.Remote<WorkerControl>;
  controlPort: MessagePort;
  /** The long-lived task: settles when the worker shuts down or dies. */
  task: Promise<unknown>;
}

/** How to start the workers. */
export interface StartOptions {
  count: number;
  definitionUrl: string;
  args: string[];
  seenSet: SeenSet;
  logLevel: string;
  /** Receives every WorkerToMain message from worker `index`. */
  onMessage(index: number, message: WorkerToMain): void;
}

/** The running workers of one node. */
export class NodeWorkers {
  readonly handles: WorkerHandle[] = [];
  private constructor(private readonly pool: Piscina) {}

  /** Starts `count` workers and resolves once every one has run its definition's setup. */
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
    const workers = new NodeWorkers(pool);
    const peers: (MessagePort | null)[][] = Array.from({ length: count }, () => Array<MessagePort | null>(count).fill(null));
    for (let i = 0; i < count; i++) {
      for (let j = i + 1; j < count; j++) {
        const { port1, port2 } = new MessageChannel();
        peers[i][j] = port1;
        peers[j][i] = port2;
      }
    }
    const inits: Promise<void>[] = [];
    for (let index = 0; index < count; index++) {
      const control = new MessageChannel();
      const data = new MessageChannel();
      const task = pool.run({ control: control.port2 } satisfies WorkerTask, { transferList: [control.port2] });
      const remote = Comlink.wrap<WorkerControl>(portEndpoint(control.port1));
      data.port1.on('message', (message: WorkerToMain) => options.onMessage(index, message));
      workers.handles.push({ index, data: data.port1, control: remote, controlPort: control.port1, task });
      const transfers = [data.port2, ...peers[index].filter((p): p is MessagePort => p !== null)];
      const init = {
        definitionUrl: options.definitionUrl,
        args: options.args,
        workerIndex: index,
        workerCount: count,
        data: data.port2,
        peers: peers[index],
        seenSetBuffer: options.seenSet.buffer,
        logLevel: options.logLevel,
      };
      // Comlink's typings want a structured-clone-able value; MessagePorts are, once transferred.
      inits.push(remote.init(Comlink.transfer(init, transfers as unknown as Parameters<typeof Comlink.transfer>[1])));
    }
    await Promise.all(inits);
    return workers;
  }

  /** Counters from every worker. */
  stats(): Promise<WorkerStats[]> {
    return Promise.all(this.handles.map((handle) => handle.control.stats()));
  }

  /** Ends every worker's task, closes main's ports and destroys the pool. */
  async shutdown(): Promise<void> {
    await Promise.allSettled(this.handles.map((handle) => handle.control.shutdown()));
    await Promise.allSettled(this.handles.map((handle) => handle.task));
    for (const handle of this.handles) {
      handle.control[Comlink.releaseProxy]();
      handle.controlPort.close();
      handle.data.close();
    }
    await this.pool.destroy();
  }
}
