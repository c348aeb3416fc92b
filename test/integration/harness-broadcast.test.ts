import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { at, FIXTURE, glomersTest } from './harness-helpers.js';

const QUICK = ['--time-limit', '3', '--rate', '20', '--recovery-time', '1'];

test('a correct broadcast node stays valid under partitions, with topology sent once per node', async () => {
  const run = await glomersTest(['-w', 'broadcast', '--bin', FIXTURE, '--node-count', '5', ...QUICK, '--nemesis', 'partition', '--nemesis-interval', '1', '--seed', '3']);
  assert.equal(run.code, 0, run.output + run.errors);
  const results = run.outcome!.results;
  assert.equal(at(results, 'workload', 'lost-count'), 0);
  assert.ok((at(results, 'workload', 'stable-count') as number) > 5);
  const history = readFileSync(join(run.outcome!.dir, 'history.txt'), 'utf8');
  assert.match(history, /:nemesis\t:info\t:start-partition\t\[:isolated/);
  assert.match(history, /:nemesis\t:info\t:stop-partition\t:network-healed/);
  assert.equal((history.match(/:read\tnil/g) ?? []).length > 0, true);
  // SPEC §2.3: 2N init and 2N topology messages, all counted under :clients.
  const invocations = at(results, 'stats', 'count') as number;
  assert.equal(at(results, 'net', 'clients', 'msg-count'), 2 * invocations + 20);
  const journal = readFileSync(join(run.outcome!.dir, 'net-journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(journal.filter((e) => e.kind === 'send' && e.body.type === 'topology').length, 5);
});

test('a broadcast node that never retries loses values under a partition, and set-full says so', async () => {
  const run = await glomersTest(['-w', 'broadcast', '--bin', FIXTURE, '--node-count', '5', ...QUICK, '--nemesis', 'partition', '--nemesis-interval', '5', '--seed', '4', 'no-retry']);
  assert.equal(run.code, 1, run.output);
  assert.equal(at(run.outcome!.results, 'workload', 'valid?'), false);
  assert.ok((at(run.outcome!.results, 'workload', 'lost-count') as number) > 0);
  assert.match(run.output, /^✗ workload: \d+ value\(s\) lost: \d+/m, 'the console says why, with the lost values');
});

test('a broadcast_ok with an extra key is malformed: broadcasts become info ops with an exception', async () => {
  const run = await glomersTest(['-w', 'broadcast', '--bin', FIXTURE, '--node-count', '1', ...QUICK, 'extra-key']);
  assert.equal(run.code, 1);
  const results = run.outcome!.results;
  assert.equal(at(results, 'stats', 'by-f', 'broadcast', 'ok-count'), 0);
  assert.equal(at(results, 'stats', 'valid?'), false);
  assert.ok(Array.isArray(at(results, 'exceptions', 'exceptions')), 'the exceptions checker lists them');
  assert.match(readFileSync(join(run.outcome!.dir, 'history.txt'), 'utf8'), /disallowed key \\"extra\\"/);
  assert.match(run.output, /^✗ malformed-rpc-response: .*disallowed key "extra"/m, 'the console names the schema problem');
  // As Maelstrom's guide shows: the interpreter's WARN at the moment it happens, on the console and in jepsen.log.
  const warning = /WARN jepsen worker 0 - jepsen.generator.interpreter Process \d+ crashed: Malformed RPC response: body has disallowed key "extra"; received \{:type "broadcast_ok", :extra true/;
  assert.match(run.output, warning);
  assert.match(readFileSync(join(run.outcome!.dir, 'jepsen.log'), 'utf8'), warning);
});

test('a node that never answers reads fails the stats check: reads time out as fail (read is idempotent)', async () => {
  const run = await glomersTest(['-w', 'broadcast', '--bin', FIXTURE, '--node-count', '1', '--time-limit', '1', '--rate', '10', '--recovery-time', '0', 'silent-reads']);
  assert.equal(run.code, 1);
  const results = run.outcome!.results;
  assert.equal(at(results, 'stats', 'by-f', 'read', 'ok-count'), 0);
  assert.ok((at(results, 'stats', 'by-f', 'read', 'fail-count') as number) > 0);
  assert.equal(at(results, 'stats', 'by-f', 'read', 'info-count'), 0);
  assert.match(readFileSync(join(run.outcome!.dir, 'history.txt'), 'utf8'), /:fail\t:read\tnil\t:net-timeout/);
});

test('g-set runs the same way: adds, reads of value, final reads, checked by set-full', async () => {
  const run = await glomersTest(['-w', 'g-set', '--bin', FIXTURE, '--node-count', '3', ...QUICK, 'g-set']);
  assert.equal(run.code, 0, run.output);
  assert.ok((at(run.outcome!.results, 'workload', 'stable-count') as number) > 5);
  const broken = await glomersTest(['-w', 'g-set', '--bin', FIXTURE, '--node-count', '3', ...QUICK]);
  assert.equal(at(broken.outcome!.results, 'stats', 'by-f', 'read', 'ok-count'), 0, 'read_ok with messages instead of value is malformed');
});
