/**
 * The broadcast modes and their tuning, in one table. Figures in comments are what the
 * discrete-event simulation (test/unit/broadcast) predicts for the 3d/3e command line
 * (25 nodes, rate 100, latency 100); the real harness numbers are in the issue report.
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
  // Median/max ≈ 100/100 ms plus scheduling jitter; ~24 messages per broadcast plus acks.
  latency: { kind: 'direct', ackDelayMs: 1000, rtoMs: 1600, minGapMs: 0 },
  // Two hops plus up to one 100 ms hub period: inside both the 3d and the 3e bounds at a few mpo.
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
  // 48 messages per 1.2 s round: leaf flush, hub flush one hop later.
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
