/**
 * The piscina worker entry for a node's handler threads. Each worker runs exactly one task for the
 * life of the node: it exposes the WorkerHost over comlink on the task's control port and resolves
 * only at shutdown, so piscina keeps the thread (and its timers) alive, and a worker that dies
 * surfaces in main as a rejected task.
 */
import * as Comlink from 'comlink';
import { portEndpoint } from '../shared/comlink-node.js';
import type { WorkerTask } from '../shared/thread-protocol.js';
import { WorkerHost } from '../node/worker-host.js';

/** Serves one node worker until main calls shutdown. */
export default async function serveNodeWorker(task: WorkerTask): Promise<string> {
  const host = new WorkerHost();
  Comlink.expose(host, portEndpoint(task.control));
  await host.done;
  // Let comlink's reply to the shutdown call leave before the port closes.
  setImmediate(() => task.control.close());
  return 'shut down';
}
