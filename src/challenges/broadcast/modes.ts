/**
 * The broadcast modes and their tuning, in one table. Figures in comments were measured with
 * `node dist-test/bench/broadcast.js` (glomers test on the 3d/3e line: 25 nodes, rate 100,
 * latency 100, 20 s; 3 seeds, no partitions) on a shared 2-core machine:
 * servers msgs-per-op, then median / max stable latency.
 */

/** The mode names a node accepts as its first positional argument. */
export const BROADCAST_MODES = ['default', 'latency', 'messages'] as const;

/** A broadcast mode name. */
export type BroadcastMode = (typeof BROADCAST_MODES)[number];

/** Every node sends its own new values straight to every peer: one hop, the physical limit. */
export interface DirectParams {
  kind: 'direct';
  /** How long a receiver waits for a message of its own to piggyback an ack on, before sending one alone. */
  ackDelayMs: number;
  /** Unacked values are resent after this long (doubling, capped, while nothing is acked). */
  rtoMs: number;
  /** At least this long between two messages to one peer; 0 sends each value at once. */
  minGapMs: number;
}

/** One hub (the first node id) and leaves; the hub forwards batches on a wall-clock grid. */
export interface StarParams {
  kind: 'star';
  /** The hub flushes to its leaves at most once per period, on the wall-clock grid. */
  hubPeriodMs: number;
  /** Leaves flush to the hub on the same grid when > 0; 0 sends each value at once. */
  leafPeriodMs: number;
  /** With leafPeriodMs > 0: the hub's flush deadline is the observed leaf-to-hub delay plus this (it flushes sooner once every expected leaf has sent). */
  hubMarginMs: number;
  /** The hub's first guess of the one-way delay, before it has observed any. */
  initialDelayGuessMs: number;
  /** With leafPeriodMs = 0: how long a leaf waits to piggyback an ack before sending one alone. */
  ackDelayMs: number;
  /** Unacked values are resent after this long (doubling, capped, while nothing is acked). */
  rtoMs: number;
  /** With leafPeriodMs = 0: at least this long between two leaf messages to the hub. */
  minGapMs: number;
}

/** The parameters of one mode. */
export type ModeParams = DirectParams | StarParams;

/** The tuned parameters per mode. */
export const MODE_PARAMS: Record<BroadcastMode, ModeParams> = {
  // ~12.3-12.7 mpo, 86-87 / 99 ms: 24 messages per broadcast (one per peer) plus a few acks.
  latency: { kind: 'direct', ackDelayMs: 1000, rtoMs: 1600, minGapMs: 0 },
  // ~3.0-3.1 mpo, 228-230 / 299-316 ms: two hops plus up to one 100 ms hub period, inside both
  // the 3d bounds (< 400 / < 600 ms) and the 3e bounds (mpo < 20) with wide margins.
  default: {
    kind: 'star',
    hubPeriodMs: 100,
    leafPeriodMs: 0,
    hubMarginMs: 0,
    initialDelayGuessMs: 0,
    ackDelayMs: 500,
    rtoMs: 1000,
    minGapMs: 0,
  },
  // ~0.44 mpo, ~770 / ~1400 ms: at most 48 messages per 1.2 s round (every leaf to the hub,
  // the hub to every leaf one hop later), nothing when there is nothing new.
  messages: {
    kind: 'star',
    hubPeriodMs: 1200,
    leafPeriodMs: 1200,
    hubMarginMs: 150,
    initialDelayGuessMs: 100,
    ackDelayMs: 0,
    rtoMs: 1800,
    minGapMs: 0,
  },
};

/** Parses a mode name from argv-style words; undefined or '' means default; anything else throws. */
export function parseMode(word: string | undefined): BroadcastMode {
  if (word === undefined || word === '') return 'default';
  if ((BROADCAST_MODES as readonly string[]).includes(word)) return word as BroadcastMode;
  throw new Error(`broadcast mode: got ${JSON.stringify(word)}, expected one of ${BROADCAST_MODES.join(', ')}`);
}
