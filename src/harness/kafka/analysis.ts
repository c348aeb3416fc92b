/**
 * The shared structures the kafka checks read (J:tests/kafka.clj analysis): who wrote and who read
 * each value, which sends must have committed, and the per-key logs (offset → values) with their
 * dense version orders. Values are identified by `valueId` (structural JSON identity).
 */
import type { Op, OpType } from '../history.js';
import { opReadPairs, opReads, opWritePairs, opWrites, valueId } from './ops.js';

/** key → value id → something. */
export type KeyValueMap<T> = Map<string, Map<string, T>>;

/** One key's log as observed: raw offsets → value ids, and the dense order with holes removed. */
export interface VersionOrder {
  /** `log[offset]` is the set of value ids seen at that offset, or undefined for a hole. */
  log: Array<Set<string> | undefined>;
  /** Dense index → the (first) value id at that index. */
  byIndex: string[];
  /** Value id → dense index (the later one when a value sits at several offsets). */
  byValue: Map<string, number>;
}

/** An offset holding two or more distinct values. */
export interface InconsistentOffset {
  key: string;
  offset: number;
  index: number;
  values: unknown[];
}

/** Everything the individual checks share. */
export interface Analysis {
  /** Client ops only, in history order. */
  history: Op[];
  /** Completion type → key → value ids written (sends) / read (polls). */
  writesByType: Map<OpType, Map<string, Set<string>>>;
  readsByType: Map<OpType, Map<string, Set<string>>>;
  /** key → value id → the completion that tried to write it (the last such op). */
  writerOf: KeyValueMap<Op>;
  /** key → value id → completions that read it. */
  readersOf: KeyValueMap<Op[]>;
  orders: Map<string, VersionOrder>;
  inconsistentOffsets: InconsistentOffset[];
  /** Value id → the value itself, for reports. */
  values: Map<string, unknown>;
  /** Completion → its invocation. */
  invocationOf: Map<Op, Op>;
}

function byType(history: Op[], pick: (op: Op) => Map<string, unknown[]>): Map<OpType, Map<string, Set<string>>> {
  const out = new Map<OpType, Map<string, Set<string>>>();
  for (const op of history) {
    if (op.type === 'invoke') continue;
    const perKey = out.get(op.type) ?? new Map<string, Set<string>>();
    out.set(op.type, perKey);
    for (const [k, vs] of pick(op)) {
      const set = perKey.get(k) ?? new Set<string>();
      for (const v of vs) set.add(valueId(v));
      perKey.set(k, set);
    }
  }
  return out;
}

/** Whether a send surely took effect: it was ok, or it was info and an ok poll read one of its values. */
export function mustHaveCommitted(readsByType: Analysis['readsByType'], op: Op): boolean {
  if (op.type === 'ok') return true;
  if (op.type !== 'info') return false;
  const ok = readsByType.get('ok');
  for (const [k, vs] of opWrites(op)) {
    const read = ok?.get(k);
    if (read && vs.some((v) => read.has(valueId(v)))) return true;
  }
  return false;
}

function addToLog(logs: Map<string, Array<Set<string> | undefined>>, key: string, offset: number, id: string): void {
  if (!Number.isInteger(offset) || offset < 0) return;
  const log = logs.get(key) ?? [];
  logs.set(key, log);
  const slot = log[offset] ?? new Set<string>();
  slot.add(id);
  log[offset] = slot;
}

/**
 * Builds the per-key logs from every poll (ok, info and fail alike: a poll should only ever return
 * safe data) and from the sends that must have committed.
 */
function versionOrders(history: Op[], readsByType: Analysis['readsByType']) {
  const logs = new Map<string, Array<Set<string> | undefined>>();
  for (const op of history) {
    if (op.f !== 'send' && op.f !== 'poll' && op.f !== 'txn') continue;
    if (mustHaveCommitted(readsByType, op)) {
      for (const [k, pairs] of opWritePairs(op)) for (const [o, v] of pairs) if (o !== null) addToLog(logs, k, o, valueId(v));
    }
    for (const [k, pairs] of opReadPairs(op)) for (const [o, v] of pairs) addToLog(logs, k, o, valueId(v));
  }
  const orders = new Map<string, VersionOrder>();
  const inconsistentOffsets: InconsistentOffset[] = [];
  for (const [key, log] of logs) {
    const byIndex: string[] = [];
    const byValue = new Map<string, number>();
    for (let offset = 0; offset < log.length; offset++) {
      const slot = log[offset];
      if (slot === undefined || slot.size === 0) continue;
      const index = byIndex.length;
      if (slot.size > 1) inconsistentOffsets.push({ key, offset, index, values: [...slot].sort().map((id) => JSON.parse(id)) });
      const first = slot.values().next().value as string;
      byIndex.push(first);
      byValue.set(first, index);
    }
    orders.set(key, { log, byIndex, byValue });
  }
  return { orders, inconsistentOffsets };
}

/** Runs the shared analysis over a history (nemesis ops are dropped here). */
export function analyze(fullHistory: readonly Op[]): Analysis {
  const history = fullHistory.filter((op) => op.process !== 'nemesis');
  const writesByType = byType(history, opWrites);
  const readsByType = byType(history, opReads);
  const writerOf: KeyValueMap<Op> = new Map();
  const readersOf: KeyValueMap<Op[]> = new Map();
  const values = new Map<string, unknown>();
  const invocationOf = new Map<Op, Op>();
  const open = new Map<Op['process'], Op>();
  for (const op of history) {
    if (op.type === 'invoke') {
      open.set(op.process, op);
      continue;
    }
    const inv = open.get(op.process);
    if (inv) invocationOf.set(op, inv);
    open.delete(op.process);
    for (const [k, vs] of opWrites(op)) {
      const m = writerOf.get(k) ?? new Map<string, Op>();
      writerOf.set(k, m);
      for (const v of vs) {
        const id = valueId(v);
        values.set(id, v);
        m.set(id, op);
      }
    }
    for (const [k, vs] of opReads(op)) {
      const m = readersOf.get(k) ?? new Map<string, Op[]>();
      readersOf.set(k, m);
      for (const v of vs) {
        const id = valueId(v);
        values.set(id, v);
        const readers = m.get(id) ?? [];
        readers.push(op);
        m.set(id, readers);
      }
    }
  }
  const { orders, inconsistentOffsets } = versionOrders(history, readsByType);
  return { history, writesByType, readsByType, writerOf, readersOf, orders, inconsistentOffsets, values, invocationOf };
}
