/**
 * Issue 16 item 2: every challenge stays valid, within its official criteria, with several handler
 * workers per node (GLOMERS_WORKERS=2 and 4), and with one gossip network, log or counter per node
 * whatever the worker count, so server messages per op do not grow with the workers. Each official
 * command runs with its time limit cut to 5 s (and 5 s of recovery); bins are this build's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CHALLENGES, withFlag } from '../../src/harness/challenge/table.js';
import { challengeFigures, judge } from '../../src/harness/challenge/criteria.js';
import { glomersTest } from './harness-helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OPTS = { timeout: 180_000 };

/** Runs challenge `id`'s official command, shortened, with `workers` handler workers per node. */
async function runWith(id: string, workers: number) {
  const challenge = CHALLENGES.find((c) => c.id === id)!;
  let argv = withFlag(challenge.argv, '--time-limit', '5');
  argv = withFlag(argv, '--bin', ROOT + argv[argv.indexOf('--bin') + 1]);
  const saved = process.env.GLOMERS_WORKERS;
  process.env.GLOMERS_WORKERS = String(workers);
  try {
    const run = await glomersTest([...argv, '--recovery-time', '5', '--seed', '5']);
    assert.ok(run.outcome, run.output + run.errors);
    const figures = challengeFigures(run.outcome.results);
    const failed = judge(challenge.official, figures).filter((j) => !j.passed);
    assert.deepEqual(failed, [], `challenge ${id} with ${workers} workers:\n${run.output.split('\n').filter((l) => !l.includes('jepsen.util')).join('\n')}`);
    return figures;
  } finally {
    if (saved === undefined) delete process.env.GLOMERS_WORKERS;
    else process.env.GLOMERS_WORKERS = saved;
  }
}

// Every challenge but 3d (its own test below compares message counts with 1 and 4 workers).
for (const id of ['1', '2', '3a', '3b', '3c', '3e', '4', '5a', '5b', '5c', '6a', '6b', '6c']) {
  test(`challenge ${id} passes its official criteria with 2 and with 4 handler workers per node`, OPTS, async () => {
    for (const workers of [2, 4]) await runWith(id, workers);
  });
}

test('25-node broadcast (3d) with 4 workers per node costs no more server messages per op than with 1', OPTS, async () => {
  const one = await runWith('3d', 1);
  const four = await runWith('3d', 4);
  // One gossip network per node: the same links, so about the same count (timing moves it a little).
  assert.ok(four.serversMsgsPerOp! <= one.serversMsgsPerOp! * 1.25, `servers msgs-per-op ${four.serversMsgsPerOp} with 4 workers vs ${one.serversMsgsPerOp} with 1`);
});

test('kafka (5c) and the counter (4) with 4 workers cost no more server messages per op than with 1', OPTS, async () => {
  for (const id of ['5c', '4']) {
    const one = await runWith(id, 1);
    const four = await runWith(id, 4);
    assert.ok(four.serversMsgsPerOp! <= one.serversMsgsPerOp! * 1.25 + 0.05, `${id}: servers msgs-per-op ${four.serversMsgsPerOp} with 4 workers vs ${one.serversMsgsPerOp} with 1`);
  }
});

test('messages handed to the owning worker just before stdin ends are still answered (kafka, broadcast, 2 and 4 workers)', OPTS, async () => {
  // Workers hand requests to worker 0 until the very end of the input; each worker answers main's
  // `end` only after every sibling has said it forwards nothing more.
  const init = '{"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0"],"msg_id":1}}';
  const count = 20_000;
  for (const [name, request] of [
    ['broadcast', (i: number) => ({ type: 'broadcast', message: i })],
    ['kafka', (i: number) => ({ type: 'send', key: String(i % 7), msg: i })],
  ] as const) {
    const lines = [init];
    for (let i = 0; i < count; i++) lines.push(JSON.stringify({ src: `c${1 + (i % 5)}`, dest: 'n0', body: { ...request(i), msg_id: i + 2 } }));
    for (const workers of ['2', '4']) {
      const child = spawnSync(process.execPath, [`${ROOT}dist/bin/${name}.js`], { input: lines.join('\n') + '\n', encoding: 'utf8', env: { ...process.env, GLOMERS_WORKERS: workers, GLOMERS_LOG: 'warn' }, maxBuffer: 64 * 1024 * 1024 });
      assert.equal(child.status, 0, child.stderr);
      const replies = child.stdout.trim().split('\n').map((l) => JSON.parse(l).body);
      assert.equal(new Set(replies.map((b) => b.in_reply_to)).size, count + 1, `${name} with ${workers} workers: ${replies.length} replies, ${child.stderr.slice(0, 300)}`);
      assert.ok(replies.every((b) => b.type !== 'error'), `${name}: ${JSON.stringify(replies.find((b) => b.type === 'error'))}`);
    }
  }
});
