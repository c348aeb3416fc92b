/**
 * Numeric rules shared by the checkers: Jepsen's quantile rule (`frequency-distribution`, SPEC §2.3)
 * and Clojure's `(float x)` rounding, which Maelstrom applies to ratios it reports (SPEC §3.4, §5).
 */

/** The points Jepsen reports latency quantiles at (set-full, SPEC §2.3). */
export const QUANTILE_POINTS: readonly number[] = [0, 0.5, 0.95, 0.99, 1];

/**
 * Quantiles of `values` at `points`: sort, then take the element at index min(n−1, floor(n·p)).
 * No interpolation, so every reported figure is an observed value. Undefined when `values` is empty
 * (Jepsen returns nil and the caller omits the key).
 */
export function quantiles(values: readonly number[], points: readonly number[] = QUANTILE_POINTS): Map<number, number> | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const result = new Map<number, number>();
  for (const point of [...points].sort((a, b) => a - b)) {
    result.set(point, sorted[Math.min(n - 1, Math.floor(n * point))]);
  }
  return result;
}

/**
 * `x` rounded to single precision, as Clojure's `(float x)`, but returned as the shortest decimal
 * that rounds back to the same float (2.2, not 2.200000047683716). That is what Java prints for the
 * float, so results.json and results.edn show the figures Maelstrom shows (e.g. 65.121605).
 */
export function toSinglePrecision(x: number): number {
  const single = Math.fround(x);
  if (!Number.isFinite(single) || Number.isInteger(single)) return single;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return single;
}
