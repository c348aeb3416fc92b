/**
 * The server-to-server gossip body of the broadcast challenge. One shape for every mode: a link
 * message carries a batch of values under a per-link sequence number, plus the sequence numbers of
 * the peer's messages received since the last acknowledgement (selective acks, piggybacked).
 */
import type { BaseBody } from '../../shared/protocol.js';

/** The gossip message type; never sent to clients, so Maelstrom's response schemas do not apply. */
export const GOSSIP_TYPE = 'gossip';

/** One gossip message on a directed link. */
export interface GossipBody extends BaseBody {
  type: typeof GOSSIP_TYPE;
  /** This message's sequence number on the link; present iff `v` is (ack-only messages have none). */
  s?: number;
  /** The values carried. */
  v?: number[];
  /** Sequence numbers of the peer's messages received since the last ack we sent it. */
  a?: number[];
  /** Star message mode: the wall-clock round in which a leaf flushed, so the hub can time its own. */
  r?: number;
}

/** Whether a body is a gossip body with well-typed fields (anything else is ignored, not thrown). */
export function isGossipBody(body: BaseBody): body is GossipBody {
  if (body.type !== GOSSIP_TYPE) return false;
  const b = body as Record<string, unknown>;
  if (b.s !== undefined && !Number.isSafeInteger(b.s)) return false;
  if (b.r !== undefined && !Number.isSafeInteger(b.r)) return false;
  if (b.v !== undefined && !isIntArray(b.v)) return false;
  if (b.a !== undefined && !isIntArray(b.a)) return false;
  return true;
}

function isIntArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((x) => Number.isSafeInteger(x));
}
