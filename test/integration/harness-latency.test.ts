import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE, glomersTest } from './harness-helpers.js';

interface Event {
  kind: 'send' | 'recv';
  time: number;
  id: number;
  src: string;
  dest: string;
}

test('with --latency 100 constant, every server-to-server delivery happens 100 ms after its send, within the whole-ms sleep Maelstrom uses, plus a small scheduling delay', async (t) => {
  const run = await glomersTest(['-w', 'broadcast', '--bin', FIXTURE, '--node-count', '5', '--time-limit', '2', '--rate', '20', '--latency', '100', '--recovery-time', '1']);
  assert.equal(run.code, 0, run.output);
  const events = readFileSync(join(run.outcome!.dir, 'net-journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Event);
  const sent = new Map(events.filter((e) => e.kind === 'send').map((e) => [e.id, e]));
  const delays: number[] = [];
  const clientDelays: number[] = [];
  for (const e of events) {
    if (e.kind !== 'recv') continue;
    const elapsedMs = (e.time - sent.get(e.id)!.time) / 1e6;
    if (e.src.startsWith('c') || e.dest.startsWith('c')) clientDelays.push(elapsedMs);
    else delays.push(elapsedMs - 100);
  }
  assert.ok(delays.length > 50, `${delays.length} server deliveries`);
  delays.sort((a, b) => a - b);
  clientDelays.sort((a, b) => a - b);
  const q = (xs: number[], p: number): number => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))];
  t.diagnostic(
    `scheduling delay beyond 100 ms over ${delays.length} deliveries: min ${q(delays, 0).toFixed(3)} p50 ${q(delays, 0.5).toFixed(3)} ` +
      `p99 ${q(delays, 0.99).toFixed(3)} max ${q(delays, 1).toFixed(3)} ms; client messages (latency 0): p50 ${q(clientDelays, 0.5).toFixed(3)} ms`,
  );
  // Maelstrom's pump sleeps whole milliseconds ((long dt)), so it writes up to 1 ms early, never more.
  assert.ok(delays[0] >= -1, 'never delivered more than 1 ms before its deadline');
  assert.ok(q(delays, 0.5) < 5, 'median scheduling delay under 5 ms');
  // Client messages carry no latency of their own, but wait behind the message a busy pump holds.
  assert.ok(q(clientDelays, 0.5) < 5, 'client messages carry no latency');
  assert.ok(q(clientDelays, 1) < 105, 'a client message waits at most one held message');
});
