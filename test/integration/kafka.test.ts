import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { at, glomersTest } from './harness-helpers.js';

/** The real kafka node, as built by `npx tsc -p tsconfig.json` (npm run build). */
const KAFKA_BIN = fileURLToPath(new URL('../../../dist/bin/kafka.js', import.meta.url));
/** The wrong kafka logs (argv: skip-offset | duplicate | lose-send). */
const WRONG_KAFKA = fileURLToPath(new URL('../fixtures/kafka-wrong.js', import.meta.url));

// Short runs: the challenges use 20 s and 10 s of recovery; bench/kafka.ts runs those.
const SHORT = ['-w', 'kafka', '--concurrency', '2n', '--rate', '300', '--time-limit', '5', '--recovery-time', '2'];

/** Fails and infos among sends, polls and assigns (crash ops are info by design). */
function unavailable(results: unknown): number {
  let n = 0;
  for (const f of ['send', 'poll', 'assign']) {
    n += ((at(results, 'stats', 'by-f', f, 'fail-count') as number) ?? 0) + ((at(results, 'stats', 'by-f', f, 'info-count') as number) ?? 0);
  }
  return n;
}

test('the kafka node is valid on one node, every send, poll and assign ok, with no server messages', async () => {
  const run = await glomersTest([...SHORT, '--bin', KAFKA_BIN, '--node-count', '1', '--seed', '21']);
  assert.equal(run.code, 0, run.output);
  const results = run.outcome!.results;
  assert.equal(unavailable(results), 0);
  assert.ok((at(results, 'stats', 'by-f', 'send', 'ok-count') as number) > 100);
  assert.equal(at(results, 'net', 'servers', 'msg-count'), 0);
});

test('the kafka node is valid on two nodes through partitions, fully available, under 0.2 server msgs/op', async () => {
  const run = await glomersTest([...SHORT, '--bin', KAFKA_BIN, '--node-count', '2', '--nemesis', 'partition', '--nemesis-interval', '1', '--seed', '22']);
  assert.equal(run.code, 0, run.output);
  const results = run.outcome!.results;
  assert.equal(unavailable(results), 0);
  const mpo = at(results, 'net', 'servers', 'msgs-per-op') as number;
  assert.ok(mpo < 0.2, `servers msgs-per-op ${mpo}`);
});

for (const [mode, expected] of [
  ['skip-offset', /poll-skip/],
  ['duplicate', /^duplicate$/],
  ['lose-send', /^lost-write$|^unseen$/],
] as const) {
  test(`a kafka log that does ${mode} is caught`, async () => {
    const run = await glomersTest([...SHORT, '--bin', WRONG_KAFKA, '--node-count', '1', '--seed', '23', mode]);
    assert.equal(run.code, 1, run.output);
    assert.equal(at(run.outcome!.results, 'workload', 'valid?'), false);
    const bad = at(run.outcome!.results, 'workload', 'bad-error-types') as string[];
    assert.ok(bad.some((t) => expected.test(t)), `bad error types ${JSON.stringify(bad)}`);
  });
}
