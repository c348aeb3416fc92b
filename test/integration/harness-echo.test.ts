import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { at, FIXTURE, glomersTest } from './harness-helpers.js';
import { VERDICTS } from '../../src/harness/run.js';
import { echo } from '../../src/harness/workloads/echo.js';
import { registerWorkload } from '../../src/harness/workloads/index.js';

test('a correct echo node passes on the default five nodes, with 2 messages per op plus 2 per node for init', async () => {
  const run = await glomersTest(['-w', 'echo', '--bin', FIXTURE, '--time-limit', '2', '--rate', '25', '--seed', '7']);
  assert.equal(run.code, 0, run.output + run.errors);
  const results = run.outcome!.results;
  const invocations = (at(results, 'stats', 'count') as number);
  assert.ok(invocations > 10, `only ${invocations} ops`);
  // SPEC §3.4: echo with 5 nodes and 50 ops is 50×2 + 5×2 = 110 messages, msgs-per-op 2.2.
  assert.equal(at(results, 'net', 'all', 'msg-count'), 2 * invocations + 10);
  assert.equal(at(results, 'net', 'clients', 'msg-count'), 2 * invocations + 10);
  assert.equal(at(results, 'net', 'servers', 'msg-count'), 0);
  assert.ok(Math.abs((at(results, 'net', 'all', 'msgs-per-op') as number) - (2 * invocations + 10) / invocations) < 1e-5);
  assert.ok(run.output.trimEnd().endsWith(VERDICTS.valid));
  for (const file of ['results.json', 'results.edn', 'history.edn', 'history.txt', 'net-journal.jsonl', 'jepsen.log', 'test.json', 'report.html', 'node-logs/n1.log', 'node-logs/n5.log']) {
    assert.ok(existsSync(join(run.outcome!.dir, file)), `${file} is written`);
  }
  assert.match(readFileSync(join(run.outcome!.dir, 'node-logs/n3.log'), 'utf8'), /initialised n3/);
  // Maelstrom's per-op lines (jepsen.util), one per invocation and completion, on the console and in jepsen.log.
  const jepsenLog = readFileSync(join(run.outcome!.dir, 'jepsen.log'), 'utf8');
  for (const text of [run.output, jepsenLog]) {
    assert.match(text, /INFO jepsen worker \d - jepsen\.util \d+\t:invoke\t:echo\t"Please echo \d+"\n/);
    assert.match(text, /INFO jepsen worker \d - jepsen\.util \d+\t:ok\t:echo\t\{:type "echo_ok", :echo "Please echo \d+"/);
    assert.equal(text.match(/ - jepsen\.util /g)?.length, 2 * invocations);
  }
  const journal = readFileSync(join(run.outcome!.dir, 'net-journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(journal.filter((e) => e.kind === 'send').map((e) => e.id), journal.filter((e) => e.kind === 'send').map((_, i) => i), 'message ids count from 0');
});

test('an echo node that alters the text is caught by the echo checker', async () => {
  const run = await glomersTest(['-w', 'echo', '--bin', FIXTURE, '--node-count', '1', '--time-limit', '1', '--rate', '20', 'alter-echo']);
  assert.equal(run.code, 1);
  assert.equal(at(run.outcome!.results, 'workload', 'valid?'), false);
  assert.ok((at(run.outcome!.results, 'workload', 'errors') as unknown[]).length > 0);
  assert.equal(at(run.outcome!.results, 'stats', 'valid?'), true, 'only the echo check fails');
  assert.ok(run.output.trimEnd().endsWith(VERDICTS.invalid));
});

test('the same seed gives the same op values', async () => {
  const values = async () => {
    const run = await glomersTest(['-w', 'echo', '--bin', FIXTURE, '--node-count', '1', '--time-limit', '1', '--rate', '10', '--seed', '42']);
    const history = readFileSync(join(run.outcome!.dir, 'history.txt'), 'utf8').split('\n').filter((l) => l.includes(':invoke'));
    return history.map((l) => l.split('\t')[3]).slice(0, 5);
  };
  assert.deepEqual(await values(), await values());
});

test("SPEC's example exactly: echo on 5 nodes with 50 ops is 110 messages, 2.2 per op", async () => {
  // The echo workload, cut off after 50 ops so the count is exact (a run normally ends on time).
  let left = 50;
  registerWorkload({ ...echo, name: 'echo-50', generator: (options) => {
    const inner = echo.generator(options);
    return { next: (ctx) => (left-- > 0 ? inner.next(ctx) : undefined) };
  } });
  const run = await glomersTest(['-w', 'echo-50', '--bin', FIXTURE, '--rate', '200', '--time-limit', '10']);
  assert.equal(run.code, 0, run.output + run.errors);
  assert.equal(at(run.outcome!.results, 'stats', 'count'), 50);
  assert.equal(at(run.outcome!.results, 'net', 'all', 'msg-count'), 110);
  assert.equal(at(run.outcome!.results, 'net', 'all', 'msgs-per-op'), 2.2);
});

test("with no --rate, echo runs at Maelstrom's default of 5 requests per second in total: about 25 ops in 5 s", async () => {
  // The guide's echo chapter shows 12 ops in 10 s: it was written when the default was 1 per
  // client (Maelstrom commit bf7a682); today's core.clj defaults to 5 in total, as glomers does.
  const run = await glomersTest(['-w', 'echo', '--bin', FIXTURE, '--node-count', '1', '--time-limit', '5', '--seed', '3']);
  assert.equal(run.code, 0, run.output + run.errors);
  const count = at(run.outcome!.results, 'stats', 'count') as number;
  // Gaps are uniform on [0, 0.4) s: 25 expected, standard deviation about 3.
  assert.ok(count >= 15 && count <= 35, `${count} ops in 5 s at the default rate`);
});
