/**
 * Serializes outgoing messages to whole lines. A reply is the hot path of every node, so its
 * in_reply_to is spliced into the serialized body instead of copying the body object first (on
 * echo that copy was a quarter of a worker's time per message).
 */
import type { BaseBody, NodeId } from '../shared/protocol.js';

/** One message as a line (no newline). */
export function envelope(src: NodeId, dest: NodeId, body: BaseBody): string {
  return JSON.stringify({ src, dest, body });
}

/** A reply to the request with msg_id `inReplyTo`, as a line; any in_reply_to in `body` is overridden. */
export function replyEnvelope(src: NodeId, dest: NodeId, body: BaseBody, inReplyTo: number): string {
  if (Object.hasOwn(body, 'in_reply_to')) return envelope(src, dest, { ...body, in_reply_to: inReplyTo });
  const json = JSON.stringify(body);
  const bodyJson = json.length > 2 ? `${json.slice(0, -1)},"in_reply_to":${inReplyTo}}` : `{"in_reply_to":${inReplyTo}}`;
  return `{"src":${quoted(src)},"dest":${quoted(dest)},"body":${bodyJson}}`;
}

/** Node and client ids repeat on every message, so their JSON form is kept (up to a bound). */
const quotedIds = new Map<string, string>();
const MAX_QUOTED_IDS = 10_000;

function quoted(id: string): string {
  let json = quotedIds.get(id);
  if (json === undefined) {
    json = JSON.stringify(id);
    if (quotedIds.size < MAX_QUOTED_IDS) quotedIds.set(id, json);
  }
  return json;
}
