import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('../fixtures/runtime-rpc.js', import.meta.url));

/** Runs the rpc fixture as n0, playing both its client (c1) and its peer (n1). */
function start(workers: string) {
  const child = spawn(FIXTURE, [], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, GLOMERS_WORKERS: workers, GLOMERS_LOG: 'warn' } });
  const seen: Array<{ src: string; dest: string; body: Record<string, unknown> }> = [];
  let buffer = '';
  let wake: () => void = () => {};
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buffer += d;
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const l of lines) seen.push(JSON.parse(l));
    wake();
  });
  const write = (src: string, body: Record<string, unknown>) => child.stdin!.write(JSON.stringify({ src, dest: 'n0', body }) + '\n');
  const next = async (match: (m: (typeof seen)[number]) => boolean) => {
    for (;;) {
      const index = seen.findIndex(match);
      if (index !== -1) return seen.splice(index, 1)[0];
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  return { child, seen, write, next };
}

for (const workers of ['1', '2', '3']) {
  test(`with ${workers} worker(s), every rpc reply reaches the worker that is waiting for it`, { timeout: 30_000 }, async () => {
    const node = start(workers);
    node.write('c0', { type: 'init', node_id: 'n0', node_ids: ['n0', 'n1'], msg_id: 1 });
    await node.next((m) => m.body.type === 'init_ok');
    const workersSeen = new Set<unknown>();
    for (let i = 0; i < 12; i++) {
      node.write('c1', { type: 'ask', n: i, timeout: 5000, msg_id: 100 + i });
      const ping = await node.next((m) => m.body.type === 'ping');
      assert.equal(ping.dest, 'n1');
      // Each reply is its own chunk, so main spreads replies over the workers regardless of who asked.
      node.write('n1', { type: 'pong', n: ping.body.n, in_reply_to: ping.body.msg_id });
      const answer = await node.next((m) => m.body.in_reply_to === 100 + i);
      assert.deepEqual([answer.body.type, answer.body.got, answer.body.pending], ['ask_ok', i, 0]);
      workersSeen.add(answer.body.worker);
    }
    // Main deals chunks round-robin, and each ask and each pong is one chunk: with 2 workers every
    // ask lands on one worker and every pong on the other (so each reply must be forwarded); with 3
    // the asks rotate over all workers.
    if (workers === '3') assert.equal(workersSeen.size, 3, 'asks were spread over every worker');
    node.child.stdin!.end();
    assert.equal(await new Promise((resolve) => node.child.on('close', resolve)), 0);
  });
}

test('in a running node, an rpc times out with code 0, and its late reply is ignored', { timeout: 30_000 }, async () => {
  const node = start('2');
  node.write('c0', { type: 'init', node_id: 'n0', node_ids: ['n0', 'n1'], msg_id: 1 });
  await node.next((m) => m.body.type === 'init_ok');
  node.write('c1', { type: 'ask', n: 1, timeout: 100, msg_id: 2 });
  const ping = await node.next((m) => m.body.type === 'ping');
  const failed = await node.next((m) => m.body.in_reply_to === 2);
  assert.deepEqual([failed.body.type, failed.body.code, failed.body.failure, failed.body.pending], ['ask_failed', 0, 'timeout', 0]);
  node.write('n1', { type: 'pong', n: 1, in_reply_to: ping.body.msg_id });
  node.write('n1', { type: 'pong', n: 1, in_reply_to: ping.body.msg_id });
  node.child.stdin!.end();
  assert.equal(await new Promise((resolve) => node.child.on('close', resolve)), 0);
  assert.deepEqual(node.seen, [], 'nothing was written in answer to the late replies');
});
