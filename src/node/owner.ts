/**
 * Keeping a piece of state in one handler worker when several run (GLOMERS_WORKERS > 1): a
 * challenge whose state is one log, one counter or one set of gossip links must not have a copy
 * per worker, or each worker would answer from its own copy and gossip on its own links (message
 * counts would grow with the worker count). Requests go to the owner by Node.handOff; messages
 * from peers carry `in_reply_to: owner`, which the receiving node's runtime routes to its worker
 * of that index (the mechanism RPC replies use), so peers' traffic needs no second hop there.
 */
import type { BaseBody, Message } from '../shared/protocol.js';
import type { Handler } from './host.js';
import type { Node } from './node.js';

/** Wraps `handler` so that it runs on worker `owner` only; other workers hand the message over. */
export function onWorker<B extends BaseBody>(node: Node, owner: number, handler: Handler<B>): Handler<B> {
  return (message: Message<B>) => (node.workerIndex === owner ? handler(message) : node.handOff(owner, message as Message));
}

/**
 * `body` addressed to worker `owner` of the receiving node (same worker count assumed, as every
 * node of a test runs the same binary). With one worker the body is unchanged, as on the wire
 * today. Only for fire-and-forget peer messages: an RPC's own in_reply_to would be overwritten.
 */
export function toWorker<B extends BaseBody>(node: Node, owner: number, body: B): B {
  return node.workerCount > 1 ? { ...body, in_reply_to: owner } : body;
}
