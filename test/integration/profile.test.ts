import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TraceEvent } from '../../src/shared/trace.js';

const run = promisify(execFile);
const GLOMERS = fileURLToPath(new URL('../../../dist/bin/glomers.js', import.meta.url));
const BROADCAST = fileURLToPath(new URL('../../../dist/bin/broadcast.js', import.meta.url));
const STORE = mkdtempSync(join(tmpdir(), 'glomers-profile-'));
if (!process.env.GLOMERS_KEEP_STORE) process.on('exit', () => rmSync(STORE, { recursive: true, force: true }));

test('a traced broadcast run leaves one Chrome trace per node, and glomers profile prints a row for each node thread', { timeout: 120_000 }, async () => {
  // Two handler workers per node, so there are worker→main and main→worker hops on two tracks.
  const env = { ...process.env, GLOMERS_WORKERS: '2' };
  const testArgs = ['test', '-w', 'broadcast', '--bin', BROADCAST, '--node-count', '3', '--time-limit', '3', '--rate', '40', '--recovery-time', '1', '--store', STORE, '--trace'];
  const testRun = await run(process.execPath, [GLOMERS, ...testArgs], { env, maxBuffer: 1 << 26 });
  assert.match(testRun.stdout, /Everything looks good/);
  const runDir = join(STORE, 'broadcast', 'latest');
  const traces = readdirSync(join(runDir, 'traces')).sort();
  assert.deepEqual(traces, ['n0.trace.json', 'n1.trace.json', 'n2.trace.json']);

  for (const file of traces) {
    const trace = JSON.parse(readFileSync(join(runDir, 'traces', file), 'utf8')) as { traceEvents: TraceEvent[] };
    const events = trace.traceEvents;
    assert.ok(events.every((e) => typeof e.ph === 'string' && typeof e.name === 'string' && Number.isFinite(e.ts) && Number.isInteger(e.pid) && Number.isInteger(e.tid)), `${file}: every event has ph, name, ts, pid, tid`);
    const threadNames = events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args?.name).sort();
    assert.deepEqual(threadNames, ['main', 'worker 0', 'worker 1']);
    assert.equal(events.find((e) => e.ph === 'M' && e.name === 'process_name')?.args?.name, file.replace('.trace.json', ''));
    const handlerSpans = events.filter((e) => e.ph === 'X' && e.cat === 'handler');
    assert.ok(handlerSpans.some((e) => e.name === 'broadcast') && handlerSpans.some((e) => e.name === 'read'), `${file}: broadcast and read handler spans`);
    assert.ok(handlerSpans.every((e) => e.dur! >= 0 && e.tid !== 1), 'handlers run on worker tracks, never on main');
    const hops = events.filter((e) => e.ph === 'e' && e.cat === 'hop');
    assert.ok(hops.some((e) => e.name === 'main→worker') && hops.some((e) => e.name.endsWith('→main')), `${file}: hops both ways`);
    // Async ids are process-wide: each must pair exactly one begin with one end, across all threads.
    const phases = new Map<number, string>();
    for (const e of events) if (e.cat === 'hop') phases.set(e.id!, (phases.get(e.id!) ?? '') + e.ph);
    assert.ok([...phases.values()].every((p) => p === 'be'), `${file}: every hop id is one b then one e`);
  }

  const profile = await run(process.execPath, [GLOMERS, 'profile', runDir]);
  const rows = profile.stdout.split('\n');
  for (const node of ['n0', 'n1', 'n2']) {
    for (const thread of ['main', 'worker 0', 'worker 1']) {
      assert.ok(rows.some((row) => row.startsWith(node) && row.includes(thread)), `a row for ${node} ${thread}\n${profile.stdout}`);
    }
    assert.ok(rows.some((row) => new RegExp(`^${node}\\s+worker \\d\\s+broadcast\\s+\\d+`).test(row)), `a broadcast handler row for ${node}`);
  }
  const json = JSON.parse((await run(process.execPath, [GLOMERS, 'profile', '--json', runDir])).stdout) as {
    threads: { node: string; thread: string; received: number; seenMisses: number; handlers: Record<string, { count: number }> }[];
    handlers: Record<string, { count: number }>;
  };
  assert.equal(json.threads.length, 9);
  assert.ok(json.threads.filter((p) => p.thread !== 'main').some((p) => p.received > 0 && p.seenMisses > 0), 'workers received batches and added new values');
  const perThread = json.threads.reduce((n, p) => n + (p.handlers.broadcast?.count ?? 0), 0);
  assert.equal(json.handlers.broadcast.count, perThread, 'the run-wide broadcast count is the sum over nodes and threads');
});

test('glomers profile of a run without traces says so and exits 1', async () => {
  await assert.rejects(run(process.execPath, [GLOMERS, 'profile', STORE + '-missing']), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 1);
    assert.match(error.stderr, /no \*\.trace\.json/);
    return true;
  });
});

test("the README's profiling commands, run verbatim with the default relative store, find the traces", { timeout: 120_000 }, async () => {
  // Regression: nodes run in a temp folder, so a relative trace folder landed there, not in the run.
  const cwd = mkdtempSync(join(tmpdir(), 'glomers-profile-cwd-'));
  try {
    symlinkSync(fileURLToPath(new URL('../../../dist', import.meta.url)), join(cwd, 'dist'));
    const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
    const section = readme.slice(readme.indexOf('## Profiling'));
    const commands = section.slice(section.indexOf('```sh') + 5, section.indexOf('```', section.indexOf('```sh') + 5)).trim().split('\n');
    const [testLine, profileLine] = commands.map((line) => line.replace(/\s+#.*$/, '').trim().split(/\s+/));
    assert.deepEqual([testLine[0], testLine[2], profileLine[2]], ['node', 'test', 'profile'], `the README's commands:\n${commands.join('\n')}`);
    assert.ok(!testLine.includes('--store'), 'the README uses the default store');
    const testRun = await run(testLine[0] === 'node' ? process.execPath : testLine[0], testLine.slice(1), { cwd, maxBuffer: 1 << 26 });
    assert.match(testRun.stdout, /Everything looks good/);
    assert.ok(readdirSync(join(cwd, 'store', 'broadcast', 'latest', 'traces')).length > 0, 'traces are in the run folder');
    const profile = await run(process.execPath, profileLine.slice(1), { cwd });
    assert.match(profile.stdout, /^n0\b.*main/m);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});
