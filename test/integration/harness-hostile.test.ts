/**
 * Hostile or broken nodes under the harness (issue 9): each run ends in bounded time with a verdict
 * that names what the node did, and leaves no process behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { at, FIXTURE, glomersTest, type CliRun } from './harness-helpers.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/hostile-${name}.js`, import.meta.url));

/** Live processes whose parent is `pid`, read from /proc (zombies count: they were not reaped). */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** Pids of live processes whose command line contains `marker`. */
function processesWith(marker: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Runs `glomers test` with a marker in the node's argv; checks nothing is left running after it. */
async function runHostile(argv: string[], marker: string): Promise<CliRun & { seconds: number }> {
  const before = new Set(childrenOf(process.pid));
  const started = performance.now();
  const run = await glomersTest([...argv, marker]);
  const seconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(processesWith(marker), [], 'no node process with the marker is left');
  assert.deepEqual(childrenOf(process.pid).filter((pid) => !before.has(pid)), [], 'the harness left no child process');
  return { ...run, seconds };
}

/** The node-faults entry of a run's results. */
function faults(run: CliRun): Array<{ node: string; kind: string; text: string }> {
  return (at(run.outcome?.results, 'node-faults', 'faults') as Array<{ node: string; kind: string; text: string }>) ?? [];
}

test('a node that floods stdout is cut off within seconds, its run is judged invalid naming the flood, and memory stays bounded', async (t) => {
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 250);
  const run = await runHostile(['-w', 'echo', '--bin', fixture('flood'), '--node-count', '1', '--time-limit', '8'], `hostile-flood-${process.pid}`);
  clearInterval(sampler);
  assert.equal(run.code, 1);
  assert.match(run.output, /WARN Error! Node n0 flooded stdout: \d+ messages in [\d.]+ s, beyond the 5000 per second plus 100 per client request/);
  assert.match(run.output, /node faults +n0 stdout-flood/);
  assert.deepEqual(faults(run).map((f) => [f.node, f.kind]), [['n0', 'stdout-flood']]);
  // The journal shows where the flood stopped: nothing from n0 in the second half of the run.
  const sends = run.outcome!.journal.events.filter((e) => e.kind === 'send' && e.src === 'n0');
  const lastS = sends[sends.length - 1].time / 1e9;
  t.diagnostic(`n0 sent ${sends.length} messages, the last at ${lastS.toFixed(2)} s; harness RSS max ${Math.round(Math.max(...rss) / 2 ** 20)} MiB; run took ${run.seconds.toFixed(1)} s`);
  assert.ok(sends.length < 400_000, `n0's messages are bounded by the flood limit (${sends.length})`);
  assert.ok(lastS < 4, `the harness stopped taking n0's messages early in the 8 s run (last at ${lastS} s)`);
  assert.ok(Math.max(...rss) < 1024 * 2 ** 20, 'the harness stays under 1 GiB');
  assert.ok(run.seconds < 40, 'the run ends in bounded time');
});

test('a node that writes an invalid line is never read again (the Maelstrom quirk), loudly, and the run is judged', async () => {
  const run = await runHostile(['-w', 'echo', '--bin', fixture('invalid-lines'), '--node-count', '1', '--time-limit', '3'], `hostile-invalid-${process.pid}`);
  assert.equal(run.code, 1);
  assert.match(run.output, /WARN Error! Node n0 wrote an invalid message: not valid JSON/);
  assert.match(run.output, /glomers now stops reading n0's stdout for the rest of the run \(as Maelstrom does\)/);
  assert.equal(at(run.outcome!.results, 'stats', 'ok-count'), 0, 'the valid replies after the bad line are never read');
  assert.deepEqual(faults(run).map((f) => [f.node, f.kind]), [['n0', 'invalid-line']]);
  assert.match(run.output, /valid\? +false \(invalid: .*node-faults\)/);
  assert.ok(run.seconds < 30);
});

test('a node that never answers init aborts the run after the 10 s init timeout with exit 255 and says so', async () => {
  const run = await runHostile(['-w', 'echo', '--bin', fixture('no-init'), '--node-count', '2', '--time-limit', '3'], `hostile-no-init-${process.pid}`);
  assert.equal(run.code, 255);
  assert.match(run.errors, /Node n[01] did not reply to init within 10000 ms/);
  assert.equal(run.outcome, undefined, 'no results: the run never began');
  assert.ok(run.seconds >= 9.5 && run.seconds < 20, `init waited its 10 s, no more (${run.seconds.toFixed(1)} s)`);
});

test('a node that sends to an unknown destination is reported by name and destination, and not read again', async () => {
  const run = await runHostile(['-w', 'echo', '--bin', fixture('unknown-dest'), '--node-count', '1', '--time-limit', '3'], `hostile-unknown-dest-${process.pid}`);
  assert.equal(run.code, 1);
  assert.match(run.output, /WARN Error! Node n0 wrote an invalid message: Invalid dest for message: "n99" is not in the network/);
  const [fault] = faults(run);
  assert.equal(fault.kind, 'unknown-participant');
  assert.match(fault.text, /"n99"/);
  assert.ok(run.seconds < 30);
});

test('lines that nodes write after teardown began (replies to closed clients, gossip to killed nodes) raise no warning and no fault', async () => {
  // Broadcast nodes that retry gossip every 200 ms keep writing while teardown closes clients and kills nodes.
  const run = await runHostile(
    ['-w', 'broadcast', '--bin', FIXTURE, '--node-count', '5', '--time-limit', '3', '--rate', '50', '--nemesis', 'partition', '--nemesis-interval', '1', '--recovery-time', '1'],
    `teardown-quiet-${process.pid}`,
  );
  assert.equal(run.code, 0, run.output.slice(-2000));
  assert.doesNotMatch(run.output, /Invalid (src|dest)|WARN Error!/);
  assert.equal(at(run.outcome!.results, 'node-faults'), undefined, 'a correct run has no node-faults entry');
});
