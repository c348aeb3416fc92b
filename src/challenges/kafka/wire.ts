/**
 * The server-to-server replication body of the kafka challenge. Every message on a link is
 * cumulative: it repeats everything the sender has not yet seen acknowledged, so a lost or
 * reordered message costs only latency, never correctness.
 */
import type { BaseBody } from '../../shared/protocol.js';

/** The replication message type; never sent to clients, so Maelstrom's response schemas do not apply. */
export const REPLICATE_TYPE = 'kafka_replicate';

/** One own entry: `[key, offset, msg]`. */
export type WireEntry = [string, number, unknown];

/** One replication message on a directed link. */
export interface ReplicateBody extends BaseBody {
  type: typeof REPLICATE_TYPE;
  /** This message's sequence number on the link; absent on ack-only messages, which need no ack. */
  s?: number;
  /** The highest sequence number received from the peer so far. */
  a?: number;
  /** The sender's own entries the peer has not acknowledged, oldest first. */
  e?: WireEntry[];
  /**
   * Floors, key → offset: the sender has sent every entry of its own at or below the offset, and
   * will never allocate one at or below it.
   */
  f?: Record<string, number>;
  /** Committed offsets, key → offset (merged by max). */
  c?: Record<string, number>;
}

/** Whether a body is a well-typed replication body (anything else is ignored, not thrown). */
export function isReplicateBody(body: BaseBody): body is ReplicateBody {
  if (body.type !== REPLICATE_TYPE) return false;
  const b = body as Record<string, unknown>;
  if (b.s !== undefined && !Number.isSafeInteger(b.s)) return false;
  if (b.a !== undefined && !Number.isSafeInteger(b.a)) return false;
  if (b.e !== undefined && !(Array.isArray(b.e) && b.e.every(isWireEntry))) return false;
  if (b.f !== undefined && !isOffsetMap(b.f)) return false;
  if (b.c !== undefined && !isOffsetMap(b.c)) return false;
  return true;
}

function isWireEntry(x: unknown): x is WireEntry {
  return Array.isArray(x) && x.length === 3 && typeof x[0] === 'string' && Number.isSafeInteger(x[1]);
}

/** Whether a value is a `{key: int}` map. */
export function isOffsetMap(x: unknown): x is Record<string, number> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.values(x).every((v) => Number.isSafeInteger(v));
}
