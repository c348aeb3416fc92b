/**
 * The harness's own delivery lateness (issue 13 item 7): how long after a pump's wake time the
 * message was actually written. Samples go to one growing typed array: growing a plain array
 * would copy megabytes in the middle of a delivery batch, and we would measure our own stall.
 */

/** Lateness quantiles in ms, as results.json reports them under :net. */
export interface LatenessSummary extends Record<string, number> {
  count: number;
  'p50-ms': number;
  'p99-ms': number;
  'max-ms': number;
}

/** Lateness samples in ms. */
export class LatenessSamples {
  private values: Float64Array;
  private count = 0;

  constructor(capacity = 65_536) {
    this.values = new Float64Array(capacity);
  }

  /** Records one delivery's lateness. */
  push(ms: number): void {
    if (this.count === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.count++] = ms;
  }

  /** The samples, sorted ascending. */
  sorted(): Float64Array {
    return this.values.slice(0, this.count).sort();
  }

  /** p50, p99 and max (Jepsen's index rule, min(n−1, floor(n·p))), rounded to µs; undefined when empty. */
  summary(): LatenessSummary | undefined {
    if (this.count === 0) return undefined;
    const sorted = this.sorted();
    const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] * 1000) / 1000;
    return { count: this.count, 'p50-ms': at(0.5), 'p99-ms': at(0.99), 'max-ms': at(1) };
  }
}
