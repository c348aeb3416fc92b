/**
 * Checker benchmark: how long the Elle-style rw-register checker takes on synthetic 6b-sized
 * histories (20k txns from the real generator, 4 processes), for each consistency model. Two
 * stores: `serial` (one register map: strict-serializable, so every search comes up empty) and
 * `lww` (two replicas merged every 20 txns: read-committed but full of G2 and realtime cycles).
 * Usage: node dist-test/bench/elle-rw-register.js [txns]   (default 20000)
 */
import os from 'node:os';
import { checkRwRegister } from '../src/harness/elle/check.js';
import type { Op } from '../src/harness/history.js';
import { txnGenerator, type RwMop } from '../src/harness/workloads/txn-rw-register.js';

const TXNS = Number(process.argv[2] ?? 20_000);
const PROCESSES = 4;
const MODELS = ['read-uncommitted', 'read-committed', 'serializable', 'strict-serializable'];

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function history(kind: 'serial' | 'lww'): Op[] {
  const gen = txnGenerator({ random: seeded(1), maxTxnLength: 4, maxWritesPerKey: 16 });
  const stores = [new Map<unknown, unknown>(), new Map<unknown, unknown>()];
  const ops: Op[] = [];
  for (let i = 0; i < TXNS; i++) {
    const process = i % PROCESSES;
    const txn = (gen.next({ thread: process, process, time: 0, concurrency: PROCESSES, nodes: [] }) as { value: RwMop[] }).value;
    ops.push({ index: ops.length, time: ops.length, type: 'invoke', process, f: 'txn', value: txn });
    const store = kind === 'lww' ? stores[process % 2] : stores[0];
    const done = txn.map(([f, k, v]) => (f === 'r' ? ['r', k, store.get(k) ?? null] : (store.set(k, v), ['w', k, v])));
    ops.push({ index: ops.length, time: ops.length, type: 'ok', process, f: 'txn', value: done });
    if (kind === 'lww' && i % 20 === 0) {
      for (const [k, v] of stores[0]) stores[1].set(k, v);
      for (const [k, v] of stores[1]) stores[0].set(k, v);
    }
  }
  return ops;
}

const runs = [];
for (const kind of ['serial', 'lww'] as const) {
  const ops = history(kind);
  for (const model of MODELS) {
    const started = performance.now();
    const result = checkRwRegister(ops, { consistencyModels: [model] });
    runs.push({ history: kind, model, ms: Math.round(performance.now() - started), valid: result['valid?'], anomalyTypes: result['anomaly-types'] });
  }
}
console.log(JSON.stringify({ bench: 'elle rw-register checker', node: process.version, cores: os.cpus().length, txns: TXNS, runs }, null, 2));
