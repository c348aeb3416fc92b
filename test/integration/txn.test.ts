import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { at, glomersTest } from './harness-helpers.js';
import { registerWorkload, WORKLOADS } from '../../src/harness/workloads/index.js';
import { txnRwRegister } from '../../src/harness/workloads/txn-rw-register.js';

/** The real txn node, as built by `npx tsc -p tsconfig.json` (npm run build). */
const TXN_BIN = fileURLToPath(new URL('../../../dist/bin/txn.js', import.meta.url));
/** Wrong txn nodes; argv[2] picks the mode (see test/fixtures/txn-wrong-node.ts). */
const WRONG_TXN = fileURLToPath(new URL('../fixtures/txn-wrong.js', import.meta.url));

if (!WORKLOADS.has(txnRwRegister.name)) registerWorkload(txnRwRegister);

const TXN = ['-w', 'txn-rw-register', '--rate', '1000', '--concurrency', '2n'];
const workload = (run: Awaited<ReturnType<typeof glomersTest>>) => run.outcome!.results.workload as Record<string, unknown>;
/** A keyword's name (results keep Elle's keywords for results.edn), or the value itself. */
const name = (x: unknown) => (typeof x === 'object' && x !== null && 'name' in x ? (x as { name: string }).name : x);

test('6a: a single txn node is valid read-uncommitted with every txn ok', async () => {
  const run = await glomersTest([...TXN, '--bin', TXN_BIN, '--node-count', '1', '--time-limit', '3', '--consistency-models', 'read-uncommitted', '--availability', 'total', '--seed', '61']);
  assert.equal(run.code, 0, run.output + run.errors);
  assert.equal(at(run.outcome!.results, 'availability', 'ok-fraction'), 1);
});

test('6b: two txn nodes stay valid read-uncommitted and totally available under partitions, cheaply', async () => {
  const run = await glomersTest([...TXN, '--bin', TXN_BIN, '--node-count', '2', '--time-limit', '4', '--consistency-models', 'read-uncommitted', '--availability', 'total', '--nemesis', 'partition', '--nemesis-interval', '1', '--seed', '62']);
  assert.equal(run.code, 0, run.output + run.errors);
  assert.ok((at(run.outcome!.results, 'net', 'servers', 'msgs-per-op') as number) <= 0.2);
});

test('6c: two txn nodes stay valid read-committed and totally available under partitions, cheaply', async () => {
  const run = await glomersTest([...TXN, '--bin', TXN_BIN, '--node-count', '2', '--time-limit', '4', '--consistency-models', 'read-committed', '--availability', 'total', '--nemesis', 'partition', '--nemesis-interval', '1', '--seed', '63']);
  assert.equal(run.code, 0, run.output + run.errors);
  assert.equal(at(run.outcome!.results, 'availability', 'ok-fraction'), 1);
  const perOp = at(run.outcome!.results, 'net', 'servers', 'msgs-per-op') as number;
  assert.ok(perOp > 0 && perOp <= 0.2, `servers msgs-per-op ${perOp}`);
});

test('a node whose aborted txns leave their writes behind is caught: G1a at read-committed', async () => {
  const run = await glomersTest([...TXN, '--bin', WRONG_TXN, '--node-count', '1', '--time-limit', '2', '--concurrency', '4', '--consistency-models', 'read-committed', '--seed', '64', 'abort-after-write']);
  assert.equal(run.code, 1);
  assert.ok((workload(run)['anomaly-types'] as unknown[]).map(name).includes('G1a'));
});

test('a node that commits a txn\'s first write instead of its last is caught: G1b', async () => {
  const run = await glomersTest([...TXN, '--bin', WRONG_TXN, '--node-count', '1', '--time-limit', '2', '--concurrency', '4', '--consistency-models', 'read-committed', '--seed', '65', 'first-write-wins']);
  assert.equal(run.code, 1);
  assert.deepEqual((workload(run)['anomaly-types'] as unknown[]).map(name), ['G1b']);
});

test('a node whose txns read each other\'s uncommitted writes is caught: a G1c cycle of wr edges', async () => {
  const run = await glomersTest([...TXN, '--bin', WRONG_TXN, '--node-count', '1', '--time-limit', '3', '--concurrency', '10', '--consistency-models', 'read-committed', '--seed', '66', 'future-read']);
  assert.equal(run.code, 1);
  const anomalies = workload(run).anomalies as Record<string, Array<{ steps: Array<{ type: unknown }> }>>;
  assert.ok(anomalies.G1c?.length > 0, JSON.stringify(workload(run)['anomaly-types']));
  assert.ok(anomalies.G1c[0].steps.some((s) => name(s.type) === 'wr'));
});

test('the same node with few keys and long txns shows a G0 write cycle inferred from writes-follow-reads', async () => {
  const run = await glomersTest([...TXN, '--bin', WRONG_TXN, '--node-count', '1', '--time-limit', '3', '--concurrency', '10', '--key-count', '2', '--max-txn-length', '8', '--consistency-models', 'read-uncommitted', '--seed', '67', 'future-read']);
  assert.equal(run.code, 1);
  const types = (workload(run)['anomaly-types'] as unknown[]).map(name);
  assert.deepEqual(types, ['G0']);
  const [cycle] = (workload(run).anomalies as Record<string, Array<{ steps: Array<{ type: unknown }> }>>).G0;
  assert.ok(cycle.steps.every((s) => name(s.type) === 'ww'));
});
