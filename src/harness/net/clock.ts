/**
 * The run's clock. Maelstrom stamps ops and journal events relative to the moment "relative time
 * begins" (after init, SPEC §0 step 4); events before that get negative times.
 */
import { performance } from 'node:perf_hooks';

/** Milliseconds (monotonic, fractional) and the relative origin. Injectable for tests. */
export interface Clock {
  /** Monotonic milliseconds, fractional. */
  nowMs(): number;
  /** Nanoseconds since relative time began (may be negative before it began). */
  relativeNs(): number;
  /** Marks "relative time begins now"; returns how far the origin moved, in ns. */
  startRelativeTime(): number;
}

/** The real clock, on performance.now(). */
export function realClock(): Clock {
  let origin = performance.now();
  return {
    nowMs: () => performance.now(),
    relativeNs: () => Math.round((performance.now() - origin) * 1e6),
    startRelativeTime: () => {
      const previous = origin;
      origin = performance.now();
      return Math.round((origin - previous) * 1e6);
    },
  };
}

/** Milliseconds of relative time for a relative-ns stamp. */
export function nsToMs(ns: number): number {
  return ns / 1e6;
}
