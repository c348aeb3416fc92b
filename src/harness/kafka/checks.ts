/**
 * The kafka anomaly checks over a shared analysis (J:tests/kafka.clj): lost writes, aborted reads,
 * duplicates, skips and nonmonotonic reads/sends within and across ops, and realtime cycles.
 * Each returns a list of plain error maps; an empty list means none found.
 */
import type { Op } from '../history.js';
import type { Analysis, VersionOrder } from './analysis.js';
import { mustHaveCommitted } from './analysis.js';
import { opReads, opWrites, valueId } from './ops.js';

/** One anomaly, as reported (a plain JSON-able map). */
export type KafkaError = Record<string, unknown>;

const value = (a: Analysis, id: string | undefined): unknown => (id === undefined ? null : a.values.get(id));

/** Index distance from v1 to v2 in a key's order; 1 (no error) when either index is unknown. */
function delta(order: VersionOrder | undefined, v1: string, v2: string): { delta: number; i1?: number; i2?: number } {
  const i1 = order?.byValue.get(v1);
  const i2 = order?.byValue.get(v2);
  return i1 === undefined || i2 === undefined ? { delta: 1 } : { delta: i2 - i1, i1, i2 };
}

const skipped = (a: Analysis, order: VersionOrder, i1: number, i2: number) =>
  order.byIndex.slice(i1 + 1, i2).map((id) => value(a, id));

/** `:G1a`: an ok poll read a value whose send failed. */
export function g1aCases(a: Analysis): KafkaError[] {
  const failed = a.writesByType.get('fail');
  const out: KafkaError[] = [];
  if (!failed) return out;
  for (const op of a.history) {
    if (op.type !== 'ok' || op.f !== 'poll') continue;
    for (const [k, vs] of opReads(op)) {
      for (const v of vs) {
        if (failed.get(k)?.has(valueId(v))) out.push({ key: k, value: v, writer: a.writerOf.get(k)?.get(valueId(v)), reader: op });
      }
    }
  }
  return out;
}

/**
 * `:lost-write`: per key, every value whose last log position is at or before the highest
 * position an ok poll read must itself have been read by some ok poll, unless its send failed or
 * crashed without being seen.
 */
export function lostWriteCases(a: Analysis): KafkaError[] {
  const out: KafkaError[] = [];
  for (const [k, read] of a.readsByType.get('ok') ?? []) {
    const order = a.orders.get(k);
    if (!order) continue;
    const firstIndex = new Map<string, number>();
    const lastIndex = new Map<string, number>();
    let index = 0;
    for (const slot of order.log) {
      if (slot === undefined || slot.size === 0) continue;
      for (const id of slot) {
        if (!firstIndex.has(id)) firstIndex.set(id, index);
        lastIndex.set(id, index);
      }
      index++;
    }
    let bound = -1;
    for (const id of read) bound = Math.max(bound, firstIndex.get(id) ?? -1);
    const atBound = [...lastIndex].find(([, i]) => i === bound)?.[0];
    const mustRead = [...lastIndex].filter(([, i]) => i <= bound).sort((x, y) => x[1] - y[1]);
    for (const [id] of mustRead) {
      if (read.has(id)) continue;
      const writer = a.writerOf.get(k)?.get(id);
      if (!writer || !mustHaveCommitted(a.readsByType, writer)) continue;
      out.push({
        key: k,
        value: value(a, id),
        index: firstIndex.get(id),
        'max-read-index': bound,
        writer,
        'max-read': atBound === undefined ? undefined : a.readersOf.get(k)?.get(atBound)?.[0],
      });
    }
  }
  return out;
}

/** `:int-poll-skip` / `:int-nonmonotonic-poll`: consecutive values of a key within one poll. */
export function intPollCases(a: Analysis): { skip: KafkaError[]; nonmonotonic: KafkaError[] } {
  const skip: KafkaError[] = [];
  const nonmonotonic: KafkaError[] = [];
  for (const op of a.history) {
    if (op.type === 'invoke') continue;
    for (const [k, vs] of opReads(op)) {
      const order = a.orders.get(k);
      for (let j = 1; j < vs.length; j++) {
        const d = delta(order, valueId(vs[j - 1]), valueId(vs[j]));
        if (d.delta > 1) skip.push({ key: k, values: [vs[j - 1], vs[j]], delta: d.delta, skipped: skipped(a, order!, d.i1!, d.i2!), op });
        else if (d.delta < 1) nonmonotonic.push({ key: k, values: [vs[j - 1], vs[j]], delta: d.delta, op });
      }
    }
  }
  return { skip, nonmonotonic };
}

function byProcess(history: Op[], keep: (op: Op) => boolean): Map<Op['process'], Op[]> {
  const out = new Map<Op['process'], Op[]>();
  for (const op of history) {
    if (!keep(op)) continue;
    const list = out.get(op.process) ?? [];
    list.push(op);
    out.set(op.process, list);
  }
  return out;
}

/** Keeps only the entries for keys an (ok or info) assign still covers. */
function keepAssigned(last: Map<string, Op>, op: Op): void {
  if (op.type !== 'ok' && op.type !== 'info') return;
  const keep = new Set((op.value as unknown[]).map(String));
  for (const k of [...last.keys()]) if (!keep.has(k)) last.delete(k);
}

/**
 * `:poll-skip` / `:nonmonotonic-poll`: per process, the first value a poll read for a key against
 * the last value the previous ok poll of that key read. Assigns keep only still-assigned keys.
 */
export function pollSkipCases(a: Analysis): { skip: KafkaError[]; nonmonotonic: KafkaError[] } {
  const skip: KafkaError[] = [];
  const nonmonotonic: KafkaError[] = [];
  for (const ops of byProcess(a.history, () => true).values()) {
    const lastReads = new Map<string, Op>();
    for (const op of ops) {
      if (op.f === 'assign') keepAssigned(lastReads, op);
      if (op.f !== 'poll') continue;
      const reads = opReads(op);
      for (const [k, vs] of reads) {
        const lastOp = lastReads.get(k);
        if (!lastOp) continue;
        const prev = opReads(lastOp).get(k) ?? [];
        if (prev.length === 0 || vs.length === 0) continue;
        const v = prev[prev.length - 1];
        const order = a.orders.get(k);
        const d = delta(order, valueId(v), valueId(vs[0]));
        if (d.delta > 1) skip.push({ key: k, delta: d.delta, skipped: skipped(a, order!, d.i1!, d.i2!), ops: [lastOp, op] });
        else if (d.delta < 1) nonmonotonic.push({ key: k, values: [v, vs[0]], delta: d.delta, ops: [lastOp, op] });
      }
      if (op.type === 'ok') for (const k of reads.keys()) lastReads.set(k, op);
    }
  }
  return { skip, nonmonotonic };
}

/** `:nonmonotonic-send`: per process, a send landing at or before that process's previous send to the key. */
export function nonmonotonicSendCases(a: Analysis): KafkaError[] {
  const out: KafkaError[] = [];
  for (const ops of byProcess(a.history, (op) => op.type === 'ok' || op.type === 'info').values()) {
    const lastSends = new Map<string, Op>();
    for (const op of ops) {
      if (op.f === 'assign') keepAssigned(lastSends, op);
      if (op.f !== 'send') continue;
      const writes = opWrites(op);
      for (const [k, vs] of writes) {
        const lastOp = lastSends.get(k);
        const prev = lastOp ? opWrites(lastOp).get(k) ?? [] : [];
        if (!lastOp || prev.length === 0 || vs.length === 0) continue;
        const v = prev[prev.length - 1];
        const d = delta(a.orders.get(k), valueId(v), valueId(vs[0]));
        if (d.delta < 1) out.push({ key: k, values: [v, vs[0]], delta: d.delta, ops: [lastOp, op] });
      }
      for (const k of writes.keys()) lastSends.set(k, op);
    }
  }
  return out;
}

/** `:duplicate`: a value at more than one offset of a key. */
export function duplicateCases(a: Analysis): KafkaError[] {
  const out: KafkaError[] = [];
  for (const [k, order] of a.orders) {
    const offsets = new Map<string, number[]>();
    order.log.forEach((slot, offset) => {
      for (const id of slot ?? []) offsets.set(id, [...(offsets.get(id) ?? []), offset]);
    });
    for (const [id, at] of offsets) if (at.length > 1) out.push({ key: k, value: value(a, id), count: at.length, offsets: at });
  }
  return out;
}

/**
 * `:G1c-realtime`: an ok poll read a value whose send was invoked after the poll completed. With
 * one micro-op per op, wr edges go only send → poll and realtime order is an interval order, so
 * every wr+realtime cycle Elle could find implies such a direct read from the future.
 */
export function realtimeCycleCases(a: Analysis): KafkaError[] {
  const out: KafkaError[] = [];
  for (const op of a.history) {
    if (op.type !== 'ok' || op.f !== 'poll') continue;
    for (const [k, vs] of opReads(op)) {
      for (const v of vs) {
        const writer = a.writerOf.get(k)?.get(valueId(v));
        const sentAt = writer && a.invocationOf.get(writer)?.time;
        if (writer && sentAt !== undefined && sentAt > op.time) {
          out.push({
            cycle: [writer, op, writer],
            steps: [
              { type: 'wr', key: k, value: v },
              { type: 'realtime', 'a-complete-time': op.time, 'b-invoke-time': sentAt },
            ],
          });
        }
      }
    }
  }
  return out;
}

/**
 * `:no-writer-of-value` (ours): a poll returned a value no send ever carried. Jepsen throws here,
 * which would make the result unknown; we report it as an error instead.
 */
export function noWriterCases(a: Analysis): KafkaError[] {
  const out: KafkaError[] = [];
  for (const [k, readers] of a.readersOf) {
    for (const [id, ops] of readers) if (!a.writerOf.get(k)?.has(id)) out.push({ key: k, value: value(a, id), reader: ops[0] });
  }
  return out;
}
