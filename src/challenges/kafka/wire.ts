/**
 * The server-to-server replication body of the kafka challenge: a frame of the runtime's reliable
 * link (src/node/peer-link.ts), whose items are entries, floors and commits. Items may arrive
 * twice, late or out of order; kafka/core.ts applies each idempotently.
 */
import type { LinkFrame } from '../../node/peer-link.js';
import { compileBody, matchesShape, type BodyShape, type Shape } from '../../node/validate.js';
import type { BaseBody } from '../../shared/protocol.js';

/** The replication message type; never sent to clients, so Maelstrom's response schemas do not apply. */
export const REPLICATE_TYPE = 'kafka_replicate';

/**
 * One replicated item:
 * - `['e', key, offset, msg, n]`: the sender's n-th entry of the key (counting from 1);
 * - `['f', key, floor, n]`: the sender's entries of the key at or below `floor` are its first n,
 *   and it will never allocate at or below `floor`;
 * - `['c', key, offset]`: a committed offset (merged by max).
 */
export type KafkaItem = ['e', string, number, unknown, number] | ['f', string, number, number] | ['c', string, number];

/** One replication message on a directed link. */
export interface ReplicateBody extends BaseBody, LinkFrame<KafkaItem> {
  type: typeof REPLICATE_TYPE;
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

/** One item's shape (see KafkaItem). */
export const ITEM: Shape = {
  oneOf: [
    { tuple: [{ literal: 'e' }, 'string', 'int', { maxDepth: MAX_MSG_DEPTH }, 'int'] },
    { tuple: [{ literal: 'f' }, 'string', 'int', 'int'] },
    { tuple: [{ literal: 'c' }, 'string', 'int'] },
  ],
};

/** The replication body's fields (all optional: an ack-only message has only `a`). */
export const REPLICATE_SHAPE: BodyShape = {
  s: { optional: 'int' },
  v: { optional: { arrayOf: ITEM } },
  a: { optional: { arrayOf: 'int' } },
};

/**
 * Between the handler workers of one node (GLOMERS_WORKERS > 1; see kafka.ts): a shard's items for
 * the link worker to queue to every peer but `x`, and a peer's items for the shard that owns their
 * keys, which acknowledges them once journaled.
 */
export const PUBLISH_TYPE = 'kafka_publish';
export const APPLY_TYPE = 'kafka_apply';
/** A commit of keys one worker owns (a client's commit_offsets, split by owner). */
export const COMMIT_TYPE = 'kafka_commit';
/** Asks a shard to publish everything it owns again (to a link worker that replaced a dead one). */
export const REPUBLISH_TYPE = 'kafka_republish';

export const PUBLISH_SHAPE: BodyShape = { v: { arrayOf: ITEM }, x: { optional: 'string' } };
export const APPLY_SHAPE: BodyShape = { peer: 'string', v: { arrayOf: ITEM } };

const checkReplicate = compileBody(REPLICATE_TYPE, REPLICATE_SHAPE);

/** Whether a body is a well-typed replication body (anything else is ignored, not thrown). */
export function isReplicateBody(body: BaseBody): body is ReplicateBody {
  return body.type === REPLICATE_TYPE && checkReplicate(body) === undefined;
}

/** Whether a value is a `{key: int}` map. */
export function isOffsetMap(x: unknown): x is Record<string, number> {
  return matchesShape(x, OFFSET_MAP);
}
