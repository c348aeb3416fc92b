import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReport, rowCells } from '../../../src/harness/challenge/format.js';
import { officialPassed, oursPassed, rebaseBin, runChallenges, type HarnessRunner, type RunOutcome } from '../../../src/harness/challenge/run.js';
import { binOf, CHALLENGES, selectChallenges } from '../../../src/harness/challenge/table.js';

/** A bin directory holding only the named nodes, as empty files. */
function binDir(...nodes: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'glomers-bins-'));
  for (const node of nodes) writeFileSync(join(dir, `${node}.js`), '');
  return dir;
}

/** Results a fake run reports, per workload. */
function fakeResults(argv: readonly string[], o: { valid?: unknown; mpo?: number; median?: number; max?: number } = {}): Record<string, unknown> {
  return {
    availability: { 'valid?': true, 'ok-fraction': 1 },
    net: { servers: { 'msg-count': 0, 'msgs-per-op': o.mpo ?? 0 }, 'valid?': true },
    workload: { 'valid?': o.valid ?? true, 'lost-count': 0, 'stable-latencies': { '0': 0, '0.5': o.median ?? 0, '1': o.max ?? 0 } },
    'valid?': o.valid ?? true,
    argv: [...argv],
  };
}

/** A runner that records the argv it ran and answers from `answer`. */
function fakeRunner(answer: (argv: readonly string[]) => RunOutcome = (argv) => ({ status: 'done', exitCode: 0, results: fakeResults(argv), dir: `/store/${binOf(argv)}` })) {
  const calls: string[][] = [];
  const runner: HarnessRunner = async (argv) => {
    calls.push([...argv]);
    return answer(argv);
  };
  return { runner, calls };
}

test('a challenge whose node binary is missing shows as not built, is never run, and does not fail the table', async () => {
  const bins = binDir('echo');
  const { runner, calls } = fakeRunner();
  const report = await runChallenges(selectChallenges('all')!, { runner, binDir: bins, officialOnly: true });
  const notBuilt = report.rows.filter((r) => r.outcome.status === 'not built').map((r) => r.challenge.id);
  assert.deepEqual(notBuilt, CHALLENGES.map((c) => c.id).filter((id) => id !== '1'));
  assert.deepEqual(calls, [['-w', 'echo', '--bin', join(bins, 'echo.js'), '--node-count', '1', '--time-limit', '10']]);
  assert.equal(report.exitCode, 0);
  assert.deepEqual(rowCells(report.rows[1]).slice(0, 3), ['2', 'official', 'not built']);
  assert.match(formatReport(report), /2 official +not built: .*unique-ids\.js is missing/);
});

test('3d, 3e and 3d+3e are judged on one run of their shared command', async () => {
  const { runner, calls } = fakeRunner((argv) => ({ status: 'done', exitCode: 0, results: fakeResults(argv, { mpo: 25, median: 300, max: 500 }), dir: '/store/b' }));
  const report = await runChallenges([...selectChallenges('3d')!, ...selectChallenges('3e')!, ...selectChallenges('3d+3e')!], {
    runner,
    binDir: binDir('broadcast'),
    officialOnly: true,
  });
  assert.equal(calls.length, 1);
  assert.deepEqual(report.rows.map(officialPassed), [true, false, undefined], '3d passes, 3e fails on mpo 25, 3d+3e has no official criteria');
  assert.equal(report.exitCode, 1, 'a failed official challenge fails the table');
  assert.equal(oursPassed(report.rows[2]), false, 'mpo 25 is outside the 3e bounds');
});

test('targets with their own command get a second row; --official-only skips it', async () => {
  const bins = binDir('echo');
  const both = fakeRunner();
  const report = await runChallenges(selectChallenges('1')!, { runner: both.runner, binDir: bins });
  assert.deepEqual(both.calls.map((argv) => argv.slice(-2)), [['--time-limit', '10'], ['--rate', '10000']]);
  assert.deepEqual(report.rows.map((r) => r.kind), ['official', 'ours']);
  assert.deepEqual(rowCells(report.rows[0]).slice(8, 10), ['✓', '↓']);
  assert.deepEqual(rowCells(report.rows[1]).slice(8, 10), ['–', '✓']);

  const only = fakeRunner();
  const skipped = await runChallenges(selectChallenges('1')!, { runner: only.runner, binDir: bins, officialOnly: true });
  assert.equal(only.calls.length, 1);
  assert.equal(oursPassed(skipped.rows[0]), undefined);
  assert.match(formatReport(skipped), /ours: +not run/);
});

test('extra flags (seed, nemesis, pass-through) are appended to every run, after the official flags', async () => {
  const { runner, calls } = fakeRunner();
  await runChallenges(selectChallenges('1')!, { runner, binDir: binDir('echo'), extraArgs: ['--seed', '7', '--nemesis', 'partition'] });
  assert.equal(calls.length, 2);
  for (const argv of calls) assert.deepEqual(argv.slice(-4), ['--seed', '7', '--nemesis', 'partition']);
});

test('an invalid run and a harness error both fail the official criteria and the exit code', async () => {
  const bins = binDir('broadcast');
  const invalid = fakeRunner((argv) => ({ status: 'done', exitCode: 1, results: fakeResults(argv, { valid: false }), dir: '/store/x' }));
  const bad = await runChallenges(selectChallenges('3a')!, { runner: invalid.runner, binDir: bins });
  assert.equal(officialPassed(bad.rows[0]), false);
  assert.equal(bad.exitCode, 1);

  const crashed = fakeRunner(() => ({ status: 'error', message: 'exit 255: Node n0 crashed', exitCode: 255, log: '/logs/3a.log' }));
  const report = await runChallenges(selectChallenges('3a')!, { runner: crashed.runner, binDir: bins });
  assert.equal(officialPassed(report.rows[0]), false);
  assert.equal(report.exitCode, 1);
  assert.deepEqual(rowCells(report.rows[0]).slice(0, 3), ['3a', 'official', 'error']);
  assert.match(formatReport(report), /3a official +error: exit 255: Node n0 crashed \(log \/logs\/3a\.log\)/);
});

test('a runner that rejects costs its row an error, not the whole table', async () => {
  const runner: HarnessRunner = async (argv) => {
    if (argv.includes('--rate') && argv.includes('10000')) throw new Error('boom');
    return { status: 'done', exitCode: 0, results: fakeResults(argv), dir: '/store/echo' };
  };
  const report = await runChallenges(selectChallenges('1')!, { runner, binDir: binDir('echo') });
  assert.deepEqual(report.rows.map((r) => r.outcome.status), ['done', 'error']);
  assert.equal(report.exitCode, 0, 'the official run passed');
  assert.equal(oursPassed(report.rows[1]), false);
});

test('the printed table shows the measured figures and the tally', async () => {
  const { runner } = fakeRunner((argv) => ({ status: 'done', exitCode: 0, results: fakeResults(argv, { mpo: 24.1234, median: 175, max: 204 }), dir: '/store/b' }));
  const report = await runChallenges(selectChallenges('3d')!, { runner, binDir: binDir('broadcast', 'broadcast-latency') });
  assert.deepEqual(rowCells(report.rows[0]), ['3d', 'official', 'true', '24.123', '175', '204', '1', '0', '✓', '↓', '/store/b']);
  const text = formatReport(report);
  assert.match(text, /3d official +official: valid ✓ \(true\) · mpo < 30 ✓ \(24\.123\) · median < 400 ms ✓ \(175 ms\) · max < 600 ms ✓ \(204 ms\)/);
  assert.match(text, /ours: +valid ✓ \(true\) · median <= 100 ms ✗ \(175 ms\)/);
  assert.match(text, /official: 1\/1 built challenges pass · ours: 0\/1 met · PASS$/);
});

test('rebaseBin points --bin into another directory and leaves the default alone', () => {
  const argv = ['-w', 'echo', '--bin', 'dist/bin/echo.js'];
  assert.deepEqual(rebaseBin(argv, '/tmp/bins'), ['-w', 'echo', '--bin', '/tmp/bins/echo.js']);
  assert.deepEqual(rebaseBin(argv, 'dist/bin'), argv);
});
