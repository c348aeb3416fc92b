/**
 * Comlink over Node MessagePorts, in one place for both threads. Comlink ships its Node adapter
 * only as a UMD/CommonJS file without ESM typings that NodeNext accepts, so the import and its type
 * are pinned here.
 */
import type { Endpoint } from 'comlink';
import nodeAdapter from 'comlink/dist/umd/node-adapter.js';
import type { MessagePort } from 'node:worker_threads';

/** Wraps a Node MessagePort as a comlink Endpoint. */
export function portEndpoint(port: MessagePort): Endpoint {
  const adapter = nodeAdapter as unknown as (port: unknown) => Endpoint;
  return adapter(port);
}
