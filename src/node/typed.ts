/**
 * Workload-typed handlers: `handleRpc(node, 'broadcast', 'read', (message, reply) => reply({type:
 * 'read_ok', messages}))`. The request is typed, and `reply` takes exactly the workload's reply
 * body, so a misspelt or missing field is a compile error rather than a malformed-rpc-response
 * found at run time. It is plain `node.handle` + `node.reply` underneath: no run-time cost.
 */
import type { Node } from './node.js';
import type { Message } from '../shared/protocol.js';
import type { ReplyBody, RequestBody, RequestType, WorkloadName } from './bodies.js';
import type { HandleOptions } from './validate.js';

/** A typed handler: gets the request and a `reply` that only takes the workload's reply body. */
export type RpcHandler<W extends WorkloadName, T extends RequestType<W>> = (
  message: Message<RequestBody<W, T>>,
  reply: (body: ReplyBody<W, T>) => void,
) => unknown;

/** Registers a handler for workload W's request `type`, typed from WorkloadRpcs. */
export function handleRpc<W extends WorkloadName, T extends RequestType<W>>(node: Node, workload: W, type: T, handler: RpcHandler<W, T>, options?: HandleOptions): void {
  void workload; // only selects the types
  node.handle<RequestBody<W, T>>(type, (message) => handler(message, (body) => node.reply(message, body)), options);
}
