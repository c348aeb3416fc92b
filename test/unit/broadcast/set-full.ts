/**
 * A set-full checker for the simulator, written from SPEC §2.3 (stable/lost/never-read, stable
 * latency = last absent read's invocation − when the element became known), so the simulation
 * scores a run the way Maelstrom would. Times are in milliseconds here.
 */

/** A simulated history entry; its index is its position. */
export interface SimOp {
  type: 'invoke' | 'ok';
  f: 'add' | 'read';
  value: unknown;
  time: number;
  final: boolean;
}

/** The checker's verdict and figures. */
export interface SetFullResult {
  valid: boolean;
  attemptCount: number;
  stableCount: number;
  lostCount: number;
  staleCount: number;
  neverReadCount: number;
  /** Quantiles 0, 0.5, 0.95, 0.99, 1 of the stable latencies, whole ms (Maelstrom's rule). */
  stableLatencies: Record<'0' | '0.5' | '0.95' | '0.99' | '1', number>;
  /** The elements with the worst stable latency, worst first (up to 8). */
  worst: Array<{ element: number; latency: number }>;
}

interface Point {
  index: number;
  time: number;
}

interface Element {
  known?: Point;
  lastPresent?: Point;
  lastAbsent?: Point;
}

/** Checks a history the way Jepsen's set-full does. */
export function setFull(history: readonly SimOp[]): SetFullResult {
  const elements = new Map<number, Element>();
  let readInvoke: Point | undefined;
  history.forEach((op, index) => {
    const here = { index, time: op.time };
    if (op.f === 'add') {
      const v = op.value as number;
      if (op.type === 'invoke') elements.set(v, elements.get(v) ?? {});
      else {
        const e = elements.get(v)!;
        e.known ??= here;
      }
      return;
    }
    if (op.type === 'invoke') {
      readInvoke = here;
      return;
    }
    const inv = readInvoke!;
    const seen = new Set(op.value as number[]);
    for (const [v, e] of elements) {
      if (seen.has(v)) {
        e.known ??= here;
        if (!e.lastPresent || inv.index > e.lastPresent.index) e.lastPresent = inv;
      } else if (!e.lastAbsent || inv.index > e.lastAbsent.index) {
        e.lastAbsent = inv;
      }
    }
  });

  const latencies: number[] = [];
  const worst: Array<{ element: number; latency: number }> = [];
  let lost = 0;
  let neverRead = 0;
  let stale = 0;
  for (const [v, e] of elements) {
    const absentIdx = e.lastAbsent?.index ?? -1;
    const presentIdx = e.lastPresent?.index ?? -1;
    if (e.lastPresent && absentIdx < presentIdx) {
      const latency = e.lastAbsent ? Math.max(0, Math.floor(e.lastAbsent.time - e.known!.time)) : 0;
      latencies.push(latency);
      worst.push({ element: v, latency });
      if (latency > 0) stale++;
    } else if (e.known && e.lastAbsent && presentIdx < absentIdx && e.known.index < absentIdx) {
      lost++;
    } else {
      neverRead++;
    }
  }
  latencies.sort((a, b) => a - b);
  const q = (p: number): number =>
    latencies.length === 0 ? NaN : latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  worst.sort((a, b) => b.latency - a.latency);
  return {
    valid: lost === 0 && latencies.length > 0,
    attemptCount: elements.size,
    stableCount: latencies.length,
    lostCount: lost,
    staleCount: stale,
    neverReadCount: neverRead,
    stableLatencies: { '0': q(0), '0.5': q(0.5), '0.95': q(0.95), '0.99': q(0.99), '1': q(1) },
    worst: worst.slice(0, 8),
  };
}
