/**
 * The server-to-server replication body of the kafka challenge. Every message on a link is
 * cumulative: it repeats everything the sender has not yet seen acknowledged, so a lost or
 * reordered message costs only latency, never correctness.
 */
import { compileBody, matchesShape, type BodyShape, type Shape } from '../../node/validate.js';
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

/**
 * How deep a client's `msg` may nest. The node keeps it and serialises it again in every poll and
 * replication batch; one too deep for JSON.stringify's stack would make each of those fail.
 */
export const MAX_MSG_DEPTH = 64;

/** A `{key: offset}` map, as poll and commit_offsets send it. */
export const OFFSET_MAP: Shape = { mapOf: 'int' };

/** The client request shapes (SPEC §2.7), checked by the runtime before a handler runs. */
export const REQUEST_SHAPES = {
  send: { key: 'string', msg: { maxDepth: MAX_MSG_DEPTH } },
  poll: { offsets: OFFSET_MAP },
  commit_offsets: { offsets: OFFSET_MAP },
  list_committed_offsets: { keys: { arrayOf: 'string' } },
} as const satisfies Record<string, BodyShape>;

/** The replication body's fields (all optional: an ack-only message has only `a`). */
export const REPLICATE_SHAPE: BodyShape = {
  s: { optional: 'int' },
  a: { optional: 'int' },
  e: { optional: { arrayOf: { tuple: ['string', 'int', { maxDepth: MAX_MSG_DEPTH }] } } },
  f: { optional: OFFSET_MAP },
  c: { optional: OFFSET_MAP },
};

const checkReplicate = compileBody(REPLICATE_TYPE, REPLICATE_SHAPE);

/** Whether a body is a well-typed replication body (anything else is ignored, not thrown). */
export function isReplicateBody(body: BaseBody): body is ReplicateBody {
  return body.type === REPLICATE_TYPE && checkReplicate(body) === undefined;
}

/** Whether a value is a `{key: int}` map. */
export function isOffsetMap(x: unknown): x is Record<string, number> {
  return matchesShape(x, OFFSET_MAP);
}
