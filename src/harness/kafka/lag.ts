/**
 * Time-series views of a kafka history (J:tests/kafka.clj unseen, realtime-lag): acknowledged
 * messages never yet polled, and how stale each poll was at least.
 */
import type { Op } from '../history.js';
import type { Analysis } from './analysis.js';
import { opMaxOffsets, opReads, opWrites, valueId } from './ops.js';

/** The last unseen observation: key → count, and key → up to 32 unseen messages. */
export interface Unseen {
  time: number;
  unseen: Record<string, number>;
  messages: Record<string, unknown[]>;
}

/**
 * Walks ok sends and polls in order; returns the final set of acknowledged-but-never-polled
 * messages, or undefined when every acknowledged message was polled.
 */
export function lastUnseen(a: Analysis): Unseen | undefined {
  const sent = new Map<string, Set<string>>();
  const polled = new Map<string, Set<string>>();
  let time: number | undefined;
  for (const op of a.history) {
    if (op.type !== 'ok' || (op.f !== 'send' && op.f !== 'poll')) continue;
    time = op.time;
    const touched = new Set<string>();
    for (const [k, vs] of opWrites(op)) {
      touched.add(k);
      const s = sent.get(k) ?? new Set<string>();
      for (const v of vs) s.add(valueId(v));
      sent.set(k, s);
    }
    for (const [k, vs] of opReads(op)) {
      touched.add(k);
      const s = polled.get(k) ?? new Set<string>();
      for (const v of vs) s.add(valueId(v));
      polled.set(k, s);
    }
    // Only what is still unseen needs carrying forward; only keys this op touched can change.
    for (const k of touched) {
      const s = sent.get(k);
      if (!s) continue;
      const read = polled.get(k);
      if (read) for (const id of s) if (read.has(id)) s.delete(id);
      if (s.size === 0) sent.delete(k);
    }
  }
  if (time === undefined) return undefined;
  const unseen: Record<string, number> = {};
  const messages: Record<string, unknown[]> = {};
  for (const k of [...sent.keys()].sort()) {
    const ids = sent.get(k)!;
    if (ids.size === 0) continue;
    unseen[k] = ids.size;
    messages[k] = [...ids].map((id) => a.values.get(id)).sort(compareValues).slice(0, 32);
  }
  return Object.keys(unseen).length === 0 ? undefined : { time, unseen, messages };
}

function compareValues(x: unknown, y: unknown): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return valueId(x) < valueId(y) ? -1 : valueId(x) > valueId(y) ? 1 : 0;
}

/** The worst realtime lag, in seconds: `{time, process, key, lag}`, or `{time: 0, lag: 0}`. */
export interface WorstLag {
  time: number;
  lag: number;
  process?: Op['process'];
  key?: string;
}

/**
 * For each ok poll and each key its process has assigned or polled, a lower bound on how long
 * ago the offset it had reached stopped being the log's tail: the poll's invocation time minus
 * the earliest time a higher offset was known to exist.
 */
export function worstRealtimeLag(a: Analysis): WorstLag {
  // expired[k][i]: earliest time offset i was known to exist (so offset i-1 was no longer the tail).
  const expired = new Map<string, number[]>();
  for (const op of a.history) {
    for (const [k, known] of opMaxOffsets(op)) {
      const list = expired.get(k) ?? [];
      expired.set(k, list);
      for (let i = known; i >= 0 && list[i] === undefined; i--) list[i] = op.time;
    }
  }
  let worst: WorstLag = { time: 0, lag: 0 };
  const processOffsets = new Map<Op['process'], Map<string, number>>();
  for (const op of a.history) {
    if (op.type !== 'ok') continue;
    if (op.f === 'assign') {
      const old = processOffsets.get(op.process) ?? new Map<string, number>();
      const next = new Map<string, number>();
      for (const k of (op.value as unknown[]).map(String)) next.set(k, old.get(k) ?? -1);
      processOffsets.set(op.process, next);
    } else if (op.f === 'poll') {
      const offsets = processOffsets.get(op.process) ?? new Map<string, number>();
      processOffsets.set(op.process, offsets);
      for (const [k, o] of opMaxOffsets(op)) offsets.set(k, Math.max(offsets.get(k) ?? -Infinity, o));
      const invokedAt = a.invocationOf.get(op)?.time ?? op.time;
      for (const [k, offset] of offsets) {
        const expiredAt = expired.get(k)?.[offset + 1];
        const lag = expiredAt === undefined ? 0 : Math.max(0, invokedAt - expiredAt);
        if (lag > worst.lag) worst = { time: invokedAt, process: op.process, key: k, lag };
      }
    }
  }
  return { ...worst, time: worst.time / 1e9, lag: worst.lag / 1e9 };
}
