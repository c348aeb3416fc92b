/**
 * Jepsen's independent checker over per-key linearizability (SPEC §2.6): the history is split by
 * the key of each `[k v]` value, each key's register ops are checked with the WGL search, and the
 * result is `{valid?, results: {k {linearizable {...} valid?}}, failures: [k ...]}`.
 * Fail ops never happened and are dropped; info ops may have happened (reads among them are
 * dropped, since a read that may not have happened constrains nothing).
 */
import { mergeValid } from '../checkers/compose.js';
import { NEMESIS, pairInvocations, type Op } from '../history.js';
import { checkRegister, type RegisterOp } from './wgl.js';

/** Checks a lin-kv history; returns the `:workload` result map. */
export function checkLinKv(history: readonly Op[]): Record<string, unknown> {
  const byKey = new Map<string, { key: unknown; ops: RegisterOp[] }>();
  // Knossos reports the failing op as a history op of the key's subhistory, so keep each one.
  const sources = new Map<RegisterOp, Op>();
  for (const [invoke, complete] of pairInvocations(history.filter((op) => op.process !== NEMESIS))) {
    if (!Array.isArray(invoke.value) || invoke.value.length !== 2) continue;
    const f = invoke.f;
    if (f !== 'read' && f !== 'write' && f !== 'cas') continue;
    const [key, argument] = invoke.value as [unknown, unknown];
    const id = JSON.stringify(key);
    if (!byKey.has(id)) byKey.set(id, { key, ops: [] });
    const ops = byKey.get(id)!.ops;
    const type = complete?.type ?? 'info';
    if (type === 'fail') continue;
    if (type === 'ok') {
      const value = f === 'read' ? (complete!.value as [unknown, unknown])[1] : argument;
      const op: RegisterOp = { f, value, invokeIndex: invoke.index, completeIndex: complete!.index };
      ops.push(op);
      sources.set(op, { ...complete!, value });
    } else if (f !== 'read') {
      const op: RegisterOp = { f, value: argument, invokeIndex: invoke.index };
      ops.push(op);
      sources.set(op, { ...(complete ?? invoke), type: 'info', value: argument });
    }
  }
  const results = new Map<unknown, Record<string, unknown>>();
  const failures: unknown[] = [];
  for (const { key, ops } of [...byKey.values()].sort((a, b) => compareKeys(a.key, b.key))) {
    const verdict = checkRegister(ops);
    const linearizable: Record<string, unknown> = { 'valid?': verdict.valid, analyzer: 'wgl', 'op-count': ops.length };
    if (verdict.valid === false) {
      // As Knossos shows it: {:process :type :f :value :index :time}, value without its key.
      linearizable.op = verdict.failedOp && sources.get(verdict.failedOp);
      linearizable['final-values'] = verdict.finalValues;
      failures.push(key);
    }
    results.set(key, { linearizable, 'valid?': verdict.valid });
  }
  return { 'valid?': mergeValid([...results.values()].map((r) => r['valid?'])), results, failures };
}

function compareKeys(a: unknown, b: unknown): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : JSON.stringify(a).localeCompare(JSON.stringify(b));
}
