import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/harness/cli.js';
import type { TestOptions } from '../../../src/harness/options.js';

async function parse(argv: string[]): Promise<{ code: number; options?: TestOptions; errors: string }> {
  let options: TestOptions | undefined;
  let errors = '';
  const code = await main(['test', ...argv], { test: async (o) => ((options = o), 0) }, { out: () => undefined, err: (s) => (errors += s) });
  return { code, options, errors };
}

test("Maelstrom's defaults: nodes n1..n5, concurrency 1n, 60 s, rate 5, no latency, grid, interval 10", async () => {
  const { options } = await parse(['-w', 'echo', '--bin', 'node']);
  assert.deepEqual(options!.nodes, ['n1', 'n2', 'n3', 'n4', 'n5']);
  assert.equal(options!.concurrency, 5);
  assert.equal(options!.timeLimitS, 60);
  assert.equal(options!.rate, 5);
  assert.deepEqual(options!.latency, { mean: 0, dist: 'constant' });
  assert.equal(options!.topology, 'grid');
  assert.equal(options!.nemesisIntervalS, 10);
  assert.deepEqual(options!.nemesis, []);
  assert.equal(options!.availability, undefined);
});

test('--node-count N gives n0..n{N-1} and --concurrency 2n doubles it', async () => {
  const { options } = await parse(['-w', 'kafka', '--bin', 'node', '--node-count', '2', '--concurrency', '2n']);
  assert.equal(options!.concurrency, 4);
  const echo = await parse(['-w', 'echo', '--bin', 'node', '--node-count', '3', '--concurrency', '2n']);
  assert.deepEqual(echo.options!.nodes, ['n0', 'n1', 'n2']);
  assert.equal(echo.options!.concurrency, 6);
  assert.equal((await parse(['-w', 'echo', '--bin', 'node', '--node-count', '3', '--concurrency', '4'])).options!.concurrency, 4);
});

test('positional arguments after the flags go to the node, including a stray en-dash word', async () => {
  const { options } = await parse(['-w', 'echo', '--bin', 'node', 'fast', '--rate', '10', '–-nemesis', 'partition']);
  assert.deepEqual(options!.binArgs, ['fast', '–-nemesis', 'partition']);
  assert.deepEqual(options!.nemesis, []);
  assert.equal(options!.rate, 10);
});

test('the challenge flags parse: availability, nemesis, latency, topology, seed', async () => {
  const { options } = await parse(['-w', 'broadcast', '--bin', 'node', '--node-count', '25', '--time-limit', '20', '--rate', '100', '--latency', '100', '--latency-dist', 'uniform', '--topology', 'tree4', '--nemesis', 'partition', '--nemesis-interval', '2', '--availability', '0.9', '--seed', '5', '--log-stderr']);
  assert.equal(options!.latency.mean, 100);
  assert.equal(options!.latency.dist, 'uniform');
  assert.equal(options!.topology, 'tree4');
  assert.deepEqual(options!.nemesis, ['partition']);
  assert.equal(options!.availability, 0.9);
  assert.equal(options!.seed, 5);
  assert.equal(options!.logStderr, true);
});

test('a bad value exits 254 naming the flag, the value and what was expected', async () => {
  for (const [argv, pattern] of [
    [['--rate', '-1'], /--rate.*'-1'.*expected a request rate/],
    [['--node-count', '0'], /--node-count.*'0'.*integer >= 1/],
    [['--latency-dist', 'normal'], /--latency-dist.*'normal'.*constant, uniform, exponential/],
    [['--topology', 'star'], /--topology.*'star'.*grid/],
    [['--availability', '2'], /--availability.*'2'.*total or a number from 0 to 1/],
    [['--nemesis', 'kill'], /--nemesis.*'kill'.*partition/],
  ] as Array<[string[], RegExp]>) {
    const { code, errors } = await parse(['-w', 'echo', '--bin', 'node', ...argv]);
    assert.equal(code, 254, argv.join(' '));
    assert.match(errors, pattern);
  }
});

test('an unknown flag, a missing --bin or an unknown workload exits 254; every Maelstrom workload is accepted', async () => {
  assert.equal((await parse(['-w', 'echo', '--bin', 'node', '--frobnicate'])).code, 254);
  assert.equal((await parse(['-w', 'echo'])).code, 254);
  const unknown = await parse(['-w', 'datomic', '--bin', 'node']);
  assert.equal(unknown.code, 254);
  assert.match(unknown.errors, /datomic/);
  for (const workload of ['broadcast', 'echo', 'g-counter', 'g-set', 'kafka', 'lin-kv', 'pn-counter', 'txn-list-append', 'txn-rw-register', 'unique-ids']) {
    assert.equal((await parse(['-w', workload, '--bin', 'node'])).code, 0, workload);
  }
});

test("Jepsen's leftover flags are accepted and ignored, as Maelstrom does", async () => {
  const { code, options } = await parse(['-w', 'echo', '--bin', 'node', '--no-ssh', '--username', 'admin', '--leave-db-running']);
  assert.equal(code, 0);
  assert.deepEqual(options!.binArgs, []);
});

test('a --bin without its execute bit exits 254 and says to chmod +x it; a folder is refused too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'glomers-cli-bin-'));
  try {
    const file = join(dir, 'node.js');
    writeFileSync(file, '#!/usr/bin/env node\n');
    chmodSync(file, 0o644);
    const plain = await parse(['-w', 'echo', '--bin', file]);
    assert.equal(plain.code, 254);
    assert.match(plain.errors, new RegExp(`chmod \\+x ${file.replace(/[.]/g, '\\.')}`));
    chmodSync(file, 0o755);
    assert.equal((await parse(['-w', 'echo', '--bin', file])).code, 0);
    assert.equal((await parse(['-w', 'echo', '--bin', dir])).code, 254);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--test-count N repeats the test and stops at the first one that is not valid, as Jepsen does', async () => {
  const run = async (codes: number[], count: number) => {
    const seeds: (number | undefined)[] = [];
    const code = await main(['test', '-w', 'echo', '--bin', 'node', '--seed', '7', '--test-count', String(count)], {
      test: async (o) => (seeds.push(o.seed), codes[seeds.length - 1] ?? 0),
    }, { out: () => undefined, err: () => undefined });
    return { code, runs: seeds.length, seeds };
  };
  assert.deepEqual((await run([0, 0, 0], 3)).runs, 3);
  const invalid = await run([0, 1, 0, 0], 4);
  assert.equal(invalid.code, 1);
  assert.equal(invalid.runs, 2);
  const unknown = await run([2, 0], 2);
  assert.deepEqual([unknown.code, unknown.runs], [2, 1]);
  // The given seed is for the first test only; each repeat draws its own.
  const seeds = (await run([0, 0], 2)).seeds;
  assert.equal(seeds[0], 7);
  assert.notEqual(seeds[1], 7);
});

test('--consistency-models takes a comma-separated list, spaces around commas allowed', async () => {
  assert.deepEqual((await parse(['-w', 'txn-rw-register', '--bin', 'node', '--consistency-models', 'read-committed,serializable'])).options!.consistencyModels, ['read-committed', 'serializable']);
  assert.deepEqual((await parse(['-w', 'txn-rw-register', '--bin', 'node', '--consistency-models', 'read-committed , serializable'])).options!.consistencyModels, ['read-committed', 'serializable']);
});
