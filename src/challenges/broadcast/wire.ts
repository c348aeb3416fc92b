/**
 * The server-to-server gossip body of the broadcast challenge. One shape for every mode: a link
 * message carries a batch of values under a per-link sequence number, plus the sequence numbers of
 * the peer's messages received since the last acknowledgement (selective acks, piggybacked).
 */
import { PeerLink, type LinkFrame } from '../../node/peer-link.js';
import { compileBody, type BodyShape } from '../../node/validate.js';
import type { BaseBody } from '../../shared/protocol.js';
import { SEEN_SET_MAX_VALUE, SEEN_SET_MIN_VALUE } from '../../shared/seen-set.js';

/** The gossip message type; never sent to clients, so Maelstrom's response schemas do not apply. */
export const GOSSIP_TYPE = 'gossip';

/** One gossip message on a directed link: a runtime link frame (`s`, `v`, `a`) of values. */
export interface GossipBody extends BaseBody, LinkFrame<number> {
  type: typeof GOSSIP_TYPE;
  /** Star message mode: the wall-clock round in which a leaf flushed, so the hub can time its own. */
  r?: number;
}

/** A gossip link: the runtime's reliable link (src/node/peer-link.ts) carrying values. */
export type Link = PeerLink<number>;

/** The gossip link to `peer`; a value queued twice before it is sent goes once. */
export function gossipLink(peer: string, rtoMs: number, firstSeq?: number): Link {
  return new PeerLink<number>(peer, { rtoMs, firstSeq });
}

/** The link's next frame as a gossip body (with `extra` fields such as a round), or null if it has nothing to say. */
export function takeGossip(link: Link, now: number, extra?: Pick<GossipBody, 'r'>): GossipBody | null {
  return asGossip(link.take(now), extra);
}

/** As takeGossip, on a tick: retransmits what timed out, then a frame only if one is due (PeerLink.due). */
export function dueGossip(link: Link, now: number): GossipBody | null {
  return asGossip(link.due(now));
}

function asGossip(frame: LinkFrame<number> | null, extra?: Pick<GossipBody, 'r'>): GossipBody | null {
  return frame && { type: GOSSIP_TYPE, ...frame, ...extra };
}

/** The gossip body's fields, for the runtime's request check (node.handle's `body` option). */
export const GOSSIP_SHAPE: BodyShape = {
  s: { optional: 'int' },
  v: { optional: { arrayOf: 'int' } },
  a: { optional: { arrayOf: 'int' } },
  r: { optional: 'int' },
};

/** Whether a value fits the node-wide SeenSet (32-bit, see seen-set.ts); a bigger one could never be stored. */
export function isStorableValue(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= SEEN_SET_MIN_VALUE && (value as number) <= SEEN_SET_MAX_VALUE;
}

/** The problem with a value a client or peer asks us to store, or undefined if it fits. */
export function storableProblem(what: string, value: unknown): string | undefined {
  return isStorableValue(value) ? undefined : `${what} must be an integer from ${SEEN_SET_MIN_VALUE} to ${SEEN_SET_MAX_VALUE} (this node stores 32-bit values); got ${value}`;
}

/** The problem with gossip values that could not be stored, or undefined (runs after GOSSIP_SHAPE's check). */
export function gossipValuesProblem(body: Readonly<Record<string, unknown>>): string | undefined {
  const values = body.v as number[] | undefined;
  if (values === undefined) return undefined;
  for (let i = 0; i < values.length; i++) if (!isStorableValue(values[i])) return storableProblem(`${GOSSIP_TYPE}: v[${i}]`, values[i]);
  return undefined;
}

const checkGossip = compileBody(GOSSIP_TYPE, GOSSIP_SHAPE);

/** Whether a body is a gossip body with well-typed fields (anything else is ignored, not thrown). */
export function isGossipBody(body: BaseBody): body is GossipBody {
  return body.type === GOSSIP_TYPE && checkGossip(body) === undefined && gossipValuesProblem(body) === undefined;
}
