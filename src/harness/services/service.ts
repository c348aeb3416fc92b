/**
 * The shape every built-in service has (SPEC §6): a state machine that takes one request at a time
 * and gives the reply body, or nothing. The network adapter (attach.ts) owns queues and latency.
 */
import type { BaseBody } from '../../shared/protocol.js';

/** One of Maelstrom's built-in services, as a pure state machine. */
export interface Service {
  /** The service's node id: lin-kv, seq-kv, lww-kv or lin-tso. */
  readonly id: string;
  /**
   * Handles one request from `src` and returns the reply body: `in_reply_to` is the request's
   * msg_id and there is no msg_id of its own; errors are `{type:'error', code, text}`. Returns
   * undefined when Maelstrom's service would throw (an unknown request type; lww-kv's merge quirk):
   * no reply is sent and the caller logs the drop.
   */
  handle(src: string, body: BaseBody): BaseBody | undefined;
}

/** Adds `in_reply_to` to a reply body, as Maelstrom's service thread does. */
export function inReplyTo(request: BaseBody, reply: BaseBody): BaseBody {
  // A request without msg_id gets `in_reply_to: null`, as Clojure's (assoc ... nil) would.
  return { ...reply, in_reply_to: (request.msg_id ?? null) as number };
}
