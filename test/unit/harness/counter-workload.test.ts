import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gCounter, gCounterGenerator } from '../../../src/harness/workloads/g-counter.js';
import { finalReads, pnCounter, pnCounterGenerator } from '../../../src/harness/workloads/pn-counter.js';
import type { ClientRpc, GeneratorContext, OpTemplate, RpcOutcome, WorkloadOptions } from '../../../src/harness/workload.js';
import type { BaseBody } from '../../../src/shared/protocol.js';
import { seeded } from '../services/random.js';

const ctx = (thread: number): GeneratorContext => ({ thread, process: thread, time: 0, concurrency: 3, nodes: ['n0', 'n1', 'n2'] });

function sample(next: () => OpTemplate, n: number): OpTemplate[] {
  return Array.from({ length: n }, next);
}

test('g-counter emits adds of 0..4 a third of the time and reads otherwise', () => {
  const gen = gCounterGenerator(seeded(1));
  const ops = sample(() => gen.next(ctx(0)) as OpTemplate, 30000);
  const adds = ops.filter((op) => op.f === 'add');
  assert.ok(Math.abs(adds.length / ops.length - 1 / 3) < 0.02, `add fraction ${adds.length / ops.length}`);
  assert.deepEqual(new Set(adds.map((op) => op.value)), new Set([0, 1, 2, 3, 4]));
  assert.ok(ops.every((op) => op.f === 'add' || (op.f === 'read' && op.value === null && !op.final)));
});

test('pn-counter emits adds of -5..4 half of the time', () => {
  const gen = pnCounterGenerator(seeded(2));
  const ops = sample(() => gen.next(ctx(0)) as OpTemplate, 30000);
  const adds = ops.filter((op) => op.f === 'add');
  assert.ok(Math.abs(adds.length / ops.length - 0.5) < 0.02, `add fraction ${adds.length / ops.length}`);
  assert.deepEqual([...new Set(adds.map((op) => op.value as number))].sort((a, b) => a - b), [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4]);
});

test('the final phase is one final read per thread', () => {
  const gen = finalReads();
  assert.deepEqual(gen.next(ctx(0)), { f: 'read', value: null, final: true });
  assert.equal(gen.next(ctx(0)), undefined);
  assert.deepEqual(gen.next(ctx(2)), { f: 'read', value: null, final: true });
  assert.equal(gen.next(ctx(2)), undefined);
});

test('counter clients are not reusable and both workloads have a final phase', () => {
  for (const w of [gCounter, pnCounter]) {
    assert.equal(w.reusableClient, false);
    assert.ok(w.finalGenerator);
  }
  assert.deepEqual([gCounter.name, pnCounter.name], ['g-counter', 'pn-counter']);
});

/** A ClientRpc that records requests and answers with scripted outcomes. */
function fakeRpc(outcome: RpcOutcome): ClientRpc & { sent: Array<{ body: BaseBody; expect: unknown }> } {
  const sent: Array<{ body: BaseBody; expect: unknown }> = [];
  return { node: 'n0', sent, call: async (body, expect) => (sent.push({ body, expect }), outcome) };
}

const options = { random: seeded(3) } as WorkloadOptions;

test('an add sends {type: add, delta} and an ok add keeps its delta as value', async () => {
  const rpc = fakeRpc({ kind: 'ok', body: { type: 'add_ok', in_reply_to: 1 } });
  const done = await gCounter.client(options).invoke({ f: 'add', value: 3 }, rpc);
  assert.deepEqual(rpc.sent, [{ body: { type: 'add', delta: 3 }, expect: { type: 'add_ok', response: {} } }]);
  assert.deepEqual(done, { type: 'ok', value: 3 });
});

test('a read expects read_ok with an integer value and records it', async () => {
  const rpc = fakeRpc({ kind: 'ok', body: { type: 'read_ok', value: 42, in_reply_to: 1 } });
  const done = await pnCounter.client(options).invoke({ f: 'read', value: null, final: true }, rpc);
  assert.deepEqual(rpc.sent, [{ body: { type: 'read' }, expect: { type: 'read_ok', response: { value: 'int' } } }]);
  assert.deepEqual(done, { type: 'ok', value: 42 });
});

test('any error, even a definite one, makes a counter op info with an exception (no with-errors)', async () => {
  for (const outcome of [
    { kind: 'error', code: 11, text: 'no quorum', body: { type: 'error' } },
    { kind: 'timeout' },
    { kind: 'malformed', reason: 'disallowed-key extra', body: {} },
  ] as RpcOutcome[]) {
    const done = await gCounter.client(options).invoke({ f: 'add', value: 2 }, fakeRpc(outcome));
    assert.equal(done.type, 'info', outcome.kind);
    assert.equal(done.value, 2);
    assert.ok(done.exception, outcome.kind);
  }
});
