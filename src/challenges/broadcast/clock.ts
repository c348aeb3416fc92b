/**
 * The clock the broadcast logic is given: a time source and one-shot timers. Star modes align
 * their rounds to `now()`, so on a real node it must be wall-clock time shared by all node
 * processes (Date.now(): they run on one machine); tests pass a fake.
 */
import type { Clock } from '../../node/clock.js';

/**
 * The runtime's clock interface (time in ms plus one-shot timers), with one more demand: `now()`
 * has the same epoch on every node, which the runtime's monotonic `systemClock` does not give.
 */
export type CoreClock = Clock;

/** The real wall clock, for node processes. */
export const wallClock: CoreClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending gossip timer must never keep a finished process alive.
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** A single re-armable wake-up: arming for a later time than already armed is a no-op. */
export class Alarm {
  private handle: unknown = undefined;
  private at = Infinity;

  /** Creates an alarm that calls fire() when due. */
  constructor(
    private readonly clock: CoreClock,
    private readonly fire: () => void,
  ) {}

  /** Makes sure the alarm goes off no later than time t (Infinity: nothing to do). */
  armAt(t: number): void {
    if (!(t < this.at)) return;
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.at = t;
    this.handle = this.clock.setTimeout(() => {
      this.handle = undefined;
      this.at = Infinity;
      this.fire();
    }, Math.max(0, t - this.clock.now()));
  }

  /** Cancels the pending wake-up, if any. */
  cancel(): void {
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
    this.at = Infinity;
  }
}
