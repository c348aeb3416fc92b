/**
 * `glomers challenge 1` end to end: the real echo node through the real harness, in child
 * processes, as `npm start` runs it. Skipped (with the reason) when the product build is missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file runs from dist-test/test/integration). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const GLOMERS = join(ROOT, 'dist/bin/glomers.js');
const ECHO = join(ROOT, 'dist/bin/echo.js');
const STANDALONE = fileURLToPath(new URL('../../src/harness/challenge/main.js', import.meta.url));

const missing = [GLOMERS, ECHO].filter((path) => !existsSync(path));
const skip = missing.length ? `not built: ${missing.join(', ')} (run npm run build)` : false;

/**
 * `glomers challenge` when the CLI has this command wired (its help lists --official-only), else
 * the standalone entry, which takes the same flags.
 */
function challengeCommand(): string[] {
  const help = spawnSync(process.execPath, [GLOMERS, 'challenge', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return help.status === 0 && help.stdout.includes('--official-only') ? [GLOMERS, 'challenge'] : [STANDALONE];
}

test('glomers challenge 1 runs the official echo command and prints a passing row with its store folder', { skip, timeout: 120_000 }, () => {
  const store = mkdtempSync(join(tmpdir(), 'glomers-challenge-'));
  const run = spawnSync(process.execPath, [...challengeCommand(), '1', '--official-only', '--seed', '11', '--store', store], { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
  assert.equal(run.status, 0, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  assert.match(run.stderr, /\[1\/1\] 1: glomers test -w echo --bin dist\/bin\/echo\.js --node-count 1 --time-limit 10 --seed 11/);

  const row = run.stdout.split('\n').find((line) => line.startsWith('1 '));
  assert.ok(row, `a row for challenge 1 in:\n${run.stdout}`);
  const cells = row.split(/\s{2,}/);
  assert.deepEqual(cells.slice(0, 4), ['1', 'official', 'true', '0'], 'valid, and zero server messages per op');
  assert.deepEqual(cells.slice(-4, -1), ['1', '✓', '–'], 'availability 1, official pass, ours not run');
  const folder = cells.at(-1)!;
  assert.ok(folder.startsWith(join(store, 'echo')), `store folder ${folder}`);
  const results = JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(results['valid?'], true);
  assert.match(run.stdout, /official: 1\/1 built challenges pass · ours: 0\/0 met · PASS/);
});

test('an unknown challenge id is refused with the list of ids and the bad-arguments exit code', { skip }, () => {
  const run = spawnSync(process.execPath, [...challengeCommand(), '7'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 254);
  assert.match(run.stderr, /unknown challenge "7" \(expected one of 1, 2, 3a, .*6c, all\)/);
});

test('glomers challenge passes SIGINT on to its run, which leaves no node process behind', { skip, timeout: 120_000 }, async () => {
  const store = mkdtempSync(join(tmpdir(), 'glomers-challenge-sigint-'));
  const nodes = () => spawnSync('pgrep', ['-f', ECHO], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
  const child = spawn(process.execPath, [...challengeCommand(), '1', '--official-only', '--store', store], { cwd: ROOT, stdio: 'ignore' });
  const deadline = Date.now() + 30_000;
  while (nodes().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.ok(nodes().length > 0, 'the echo node is running under the table');
  child.kill('SIGINT');
  const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? signal)));
  assert.equal(code, 130);
  let left = nodes();
  for (let t = 0; t < 20 && left.length > 0; t++) {
    await new Promise((r) => setTimeout(r, 100));
    left = nodes();
  }
  assert.deepEqual(left, [], 'no echo node outlives the interrupted table');
});
