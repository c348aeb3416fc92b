import { test } from 'node:test';
import assert from 'node:assert/strict';
import { txnGenerator, txnRwRegister, type RwMop } from '../../../src/harness/workloads/txn-rw-register.js';
import type { ClientRpc, GeneratorContext, RpcOutcome, WorkloadOptions } from '../../../src/harness/workload.js';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const CTX: GeneratorContext = { thread: 0, process: 0, time: 0, concurrency: 1, nodes: ['n0'] };
const OPTIONS: WorkloadOptions = { nodes: ['n0'], concurrency: 2, latencyMs: 0, topology: 'grid', consistencyModels: ['read-committed'], maxTxnLength: 4, maxWritesPerKey: 16, random: seeded(7) };

function draw(n: number, options: Partial<WorkloadOptions> = {}): RwMop[][] {
  const gen = txnGenerator({ ...OPTIONS, random: seeded(42), ...options });
  return Array.from({ length: n }, () => (gen.next(CTX) as { value: RwMop[] }).value);
}

test('txn lengths are uniform in 1..max-txn-length', () => {
  const counts = new Map<number, number>();
  for (const txn of draw(4000)) counts.set(txn.length, (counts.get(txn.length) ?? 0) + 1);
  assert.deepEqual([...counts.keys()].sort(), [1, 2, 3, 4]);
  for (const c of counts.values()) assert.ok(c > 800 && c < 1200, `count ${c}`);
});

test('reads and writes are even, reads carry null, and each key\'s writes run 1..16 without repeats', () => {
  const mops = draw(4000).flat();
  const writes = mops.filter((m) => m[0] === 'w');
  assert.ok(Math.abs(writes.length / mops.length - 0.5) < 0.03);
  assert.ok(mops.filter((m) => m[0] === 'r').every((m) => m[2] === null));
  const byKey = new Map<number, number[]>();
  for (const [, k, v] of writes) byKey.set(k, [...(byKey.get(k) ?? []), v as number]);
  for (const values of byKey.values()) assert.deepEqual(values, values.map((_, i) => i + 1));
  assert.ok([...byKey.values()].some((v) => v.length === 16), 'some key reached its last write');
  assert.ok(byKey.size > 10, 'exhausted keys were replaced by fresh ones');
});

test('--key-count limits the active keys', () => {
  const keys = new Set(draw(20, { keyCount: 2, maxWritesPerKey: 1000 }).flat().map((m) => m[1]));
  assert.deepEqual([...keys].sort(), [0, 1]);
});

function rpcReturning(outcome: RpcOutcome, sent: unknown[] = []): ClientRpc {
  return { node: 'n0', call: async (body) => (sent.push(body), outcome) };
}

test('an ok reply becomes an ok op whose value is the completed txn', async () => {
  const sent: unknown[] = [];
  const client = txnRwRegister.client(OPTIONS);
  const value = [['r', 1, null], ['w', 1, 3]];
  const done = await client.invoke({ f: 'txn', value }, rpcReturning({ kind: 'ok', body: { type: 'txn_ok', txn: [['r', 1, 2], ['w', 1, 3]] } }, sent));
  assert.deepEqual(sent, [{ type: 'txn', txn: value }]);
  assert.deepEqual(done, { type: 'ok', value: [['r', 1, 2], ['w', 1, 3]] });
});

test('a timeout is info, a txn-conflict is fail, and an unknown f in the reply is malformed', async () => {
  const client = txnRwRegister.client(OPTIONS);
  const op = { f: 'txn', value: [['w', 1, 1]] };
  assert.equal((await client.invoke(op, rpcReturning({ kind: 'timeout' }))).type, 'info');
  assert.equal((await client.invoke(op, rpcReturning({ kind: 'error', code: 30, text: 'conflict', body: { type: 'error' } }))).type, 'fail');
  const bad = await client.invoke(op, rpcReturning({ kind: 'ok', body: { type: 'txn_ok', txn: [['append', 1, 1]] } }));
  assert.equal(bad.type, 'info');
  assert.match(String(bad.error), /malformed-rpc-response/);
});
