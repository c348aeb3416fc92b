/**
 * The per-node bounds of a node process (src/harness/process/limits.ts), each shown with a tiny
 * inline node and a small limit: an endless line, a node that never reads its stdin, a node whose
 * messages pile up in the network.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realClock } from '../../src/harness/net/clock.js';
import { Journal } from '../../src/harness/net/journal.js';
import { Network } from '../../src/harness/net/network.js';
import type { NodeLimits } from '../../src/harness/process/limits.js';
import { NodeProcess } from '../../src/harness/process/node-process.js';

const DIR = mkdtempSync(join(tmpdir(), 'glomers-limits-'));
process.on('exit', () => rmSync(DIR, { recursive: true, force: true }));

/** Starts `script` (run by node -e) as node n0 on a fresh network with `latencyMs` between nodes. */
function start(script: string, limits: Partial<NodeLimits>, latencyMs = 0) {
  const journal = new Journal();
  const network = new Network({ clock: realClock(), journal, latency: (src, dest) => (src[0] === 'c' || dest[0] === 'c' ? 0 : latencyMs) });
  const warnings: string[] = [];
  const logPath = join(DIR, `n0-${Date.now()}.log`);
  const node = new NodeProcess({ id: 'n0', bin: process.execPath, args: ['-e', script], network, logPath, logStderr: false, warn: (t) => warnings.push(t), limits });
  return { network, journal, node, warnings, logPath };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await sleep(20);
}

test('a stdout line longer than the limit is a fault that names it, and the node is not read after it', async () => {
  const { journal, node, warnings } = start(
    `process.stdout.write('{"pad":"' + 'x'.repeat(5000));
     setTimeout(() => process.stdout.write('"}\\n' + JSON.stringify({ src: 'n0', dest: 'n0', body: { type: 'after' } }) + '\\n'), 200);
     setInterval(() => {}, 1000);`,
    { maxLineChars: 1000 },
  );
  await until(() => node.faults.length > 0);
  await sleep(400);
  await node.kill();
  assert.deepEqual(node.faults.map((f) => f.kind), ['line-too-long']);
  assert.match(warnings.join('\n'), /Node n0 wrote a stdout line longer than 1000 characters/);
  assert.equal(journal.length, 0, 'the valid line after the endless one is never read');
});

test('a node that never reads its stdin gets a stdin-backlog fault, and deliveries beyond the bound are dropped rather than buffered', async () => {
  const { network, node, warnings } = start('setInterval(() => {}, 1000);', { maxStdinBacklogBytes: 256 * 1024 });
  network.registerParticipant('c0', () => undefined);
  const pad = 'y'.repeat(1000);
  for (let round = 0; round < 20 && node.faults.length === 0; round++) {
    for (let i = 0; i < 100; i++) network.send('c0', 'n0', { type: 'echo', echo: pad, msg_id: round * 100 + i });
    await sleep(20);
  }
  await node.kill();
  assert.deepEqual(node.faults.map((f) => f.kind), ['stdin-backlog']);
  assert.ok(node.dropped > 0, 'later deliveries were dropped');
  assert.match(warnings.join('\n'), /Node n0 stopped reading its stdin/);
});

test('a node with too many messages waiting in the network is paused, not cut off: every message still arrives', async () => {
  const { journal, node, warnings } = start(
    `const lines = [];
     for (let i = 0; i < 500; i++) lines.push(JSON.stringify({ src: 'n0', dest: 'n0', body: { type: 'note', i } }));
     process.stdout.write(lines.join('\\n') + '\\n');
     process.stdin.resume();
     setInterval(() => {}, 1000);`,
    { maxInFlight: 100 },
    200,
  );
  const recvs = () => journal.events.filter((e) => e.kind === 'recv').length;
  await until(() => recvs() === 500);
  await node.kill();
  assert.equal(recvs(), 500, 'all 500 messages were delivered');
  assert.deepEqual(node.faults, [], 'backpressure is not a fault');
  assert.match(warnings.join('\n'), /n0 has \d+ messages waiting in the network; glomers pauses reading its stdout/);
});

test('a node that floods stderr gets its log cut at the bound, with a note where, and is not blocked', async () => {
  const { node, warnings, logPath, journal } = start(
    `let n = 0;
     const pump = () => { while (n < 20000 && process.stderr.write('log line ' + n++ + ' ' + 'z'.repeat(80) + '\\n')); if (n < 20000) process.stderr.once('drain', pump); else console.log(JSON.stringify({ src: 'n0', dest: 'n0', body: { type: 'done' } })); };
     pump();
     process.stdin.resume();`,
    { maxLogBytes: 100_000 },
  );
  const done = () => journal.events.some((e) => e.kind === 'send' && (e.body as { type: string }).type === 'done');
  await until(done);
  await node.kill();
  assert.ok(done(), 'the node wrote all 20 000 stderr lines and went on');
  const log = readFileSync(logPath, 'utf8');
  assert.ok(log.length < 110_000, `the log stays near its bound (${log.length} chars)`);
  assert.match(log, /\[glomers: n0's log was cut here at 100000 bytes; later stderr lines are discarded\]\n$/);
  assert.match(warnings.join('\n'), /Node n0 wrote more than 100000 bytes of stderr/);
});
