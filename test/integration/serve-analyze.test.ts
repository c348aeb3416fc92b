/**
 * `glomers analyze` re-checks stored runs to the same verdict and results, and `glomers serve`
 * lists them in a web index that headless Chromium opens, with a working link to each report.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { FIXTURE, glomersTest, STORE } from './harness-helpers.js';
import { main } from '../../src/harness/cli.js';
import { registerAnalyzeCommand } from '../../src/harness/analyze/command.js';

const GLOMERS = fileURLToPath(new URL('../../../dist/bin/glomers.js', import.meta.url));
const CHROMIUM = process.env.GLOMERS_CHROMIUM ?? '/usr/bin/chromium';
const QUICK = ['--time-limit', '2', '--rate', '20', '--recovery-time', '1', '--seed', '3'];

const runs: Record<string, { dir: string; code: number; results: Record<string, unknown> }> = {};

before(async () => {
  for (const [name, argv] of Object.entries({
    echo: ['-w', 'echo', '--bin', FIXTURE, '--node-count', '1', ...QUICK],
    lossy: ['-w', 'broadcast', '--bin', FIXTURE, '--node-count', '2', ...QUICK, 'no-gossip'],
    malformed: ['-w', 'broadcast', '--bin', FIXTURE, '--node-count', '1', ...QUICK, 'extra-key'],
  })) {
    const run = await glomersTest(argv);
    assert.ok(run.outcome, run.output + run.errors);
    runs[name] = { dir: run.outcome.dir, code: run.code, results: JSON.parse(readFileSync(join(run.outcome.dir, 'results.json'), 'utf8')) };
  }
});

async function analyze(args: string[]): Promise<{ code: number; output: string; errors: string }> {
  let output = '';
  let errors = '';
  const code = await main(['analyze', ...args], { test: async () => 0, extend: (program) => void registerAnalyzeCommand(program, (line) => (output += line + '\n')) }, { out: (s) => (output += s), err: (s) => (errors += s) });
  return { code, output, errors };
}

test('analyze re-checks a stored run to the same verdict, exit code and results, without running a node', async () => {
  for (const name of ['echo', 'lossy', 'malformed']) {
    const { dir, code, results } = runs[name];
    const again = await analyze([dir]);
    assert.equal(again.code, code, `${name}: ${again.output}${again.errors}`);
    const rewritten = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    assert.deepEqual(rewritten, results, `${name}: the same results from the stored history and journal`);
  }
  assert.equal(runs.lossy.code, 1);
  const lossy = await analyze([runs.lossy.dir]);
  assert.match(lossy.output, /✗ workload: .*lost/);
  assert.match(lossy.output, /Analysis invalid!/);
});

test('analyze can apply another availability goal than the run had', async () => {
  assert.equal((runs.malformed.results.availability as { 'valid?': boolean })['valid?'], true);
  const strict = await analyze([runs.malformed.dir, '--availability', 'total']);
  assert.equal(strict.code, 1);
  const results = JSON.parse(readFileSync(join(runs.malformed.dir, 'results.json'), 'utf8'));
  assert.equal(results.availability['valid?'], false);
});

test('analyze of a folder that is not a run exits 254 and says what is missing', async () => {
  const bad = await analyze([STORE]);
  assert.equal(bad.code, 254);
  assert.match(bad.errors, /not a run folder \(missing test\.json, history\.edn, net-journal\.jsonl\)/);
});

let server: ChildProcess | undefined;
let base = '';
let context: BrowserContext | undefined;

after(async () => {
  await context?.close();
  server?.kill('SIGTERM');
});

async function startServer(): Promise<string> {
  server = spawn(process.execPath, [GLOMERS, 'serve', '--port', '0', '--store', STORE], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    server!.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (match) resolve(match[1]);
    });
    server!.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

test('serve lists every run with its verdict, serves their files, and nothing outside the store', async () => {
  base = await startServer();
  const index = await (await fetch(base)).text();
  for (const { dir } of Object.values(runs)) assert.ok(index.includes(`data-run="${dir.slice(STORE.length + 1)}"`), `index lists ${dir}`);
  assert.equal(index.match(/class="valid"/g)?.length, 1);
  assert.equal(index.match(/class="invalid"/g)?.length, 2);
  const results = await fetch(`${base}runs/${runs.lossy.dir.slice(STORE.length + 1)}/results.edn`);
  assert.equal(results.status, 200);
  assert.match(await results.text(), /:lost-count [1-9]/);
  assert.equal((await fetch(`${base}runs/..%2F..%2F..%2Fetc%2Fpasswd`)).status, 404);
  assert.equal((await fetch(base, { method: 'POST' })).status, 405);
});

test('in Chromium the index shows the runs and its report link opens the run report, with no page error', { skip: !existsSync(CHROMIUM) && `${CHROMIUM} missing` }, async () => {
  if (!base) base = await startServer();
  context = await chromium.launchPersistentContext('', { executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(base);
  assert.equal(await page.locator('tbody tr').count(), 3);
  const row = page.locator(`tr[data-run="${runs.lossy.dir.slice(STORE.length + 1)}"]`);
  assert.equal(await row.locator('.invalid').count(), 1);
  await row.getByRole('link', { name: 'report' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.title(), /glomers broadcast/);
  assert.equal(await page.locator('h1 .verdict-badge.bad').count(), 1);
  assert.deepEqual(errors, []);
});
