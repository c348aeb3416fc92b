import { test } from 'node:test';
import assert from 'node:assert/strict';
import counter, { QUIET_AFTER_MS, SYNC_INTERVAL_MS } from '../../../src/challenges/counter.js';
import { createInlineNode, FakeClock, type BaseBody, type InlineNode } from '../../../src/node/index.js';
import { createLogger } from '../../../src/shared/log.js';
import { SeqKv } from '../../../src/harness/services/index.js';

/**
 * Three inline counter nodes wired to one seq-kv. Messages are delivered on a later microtask,
 * so RPCs really are asynchronous; time moves only through the FakeClock.
 */
async function cluster(random: () => number) {
  const clock = new FakeClock();
  const kv = new SeqKv(random);
  const ids = ['n0', 'n1', 'n2'];
  const nodes = new Map<string, InlineNode>();
  const replies: Array<{ dest: string; body: Record<string, unknown> }> = [];
  let kvMessages = 0;
  const log = createLogger('error', () => {}, 'test');
  for (const id of ids) {
    const inline = await createInlineNode(counter, {
      clock,
      log,
      output: (line) => {
        const { src, dest, body } = JSON.parse(line);
        if (dest === 'seq-kv') {
          kvMessages += 2;
          const reply = kv.handle(src, body);
          if (reply) queueMicrotask(() => nodes.get(src)!.receive(JSON.stringify({ src: 'seq-kv', dest: src, body: reply })));
        } else replies.push({ dest, body });
      },
    });
    nodes.set(id, inline);
  }
  let msgId = 0;
  const send = (node: string, body: Record<string, unknown>) => nodes.get(node)!.receive(JSON.stringify({ src: 'c1', dest: node, body: { ...body, msg_id: ++msgId } }));
  for (const id of ids) send(id, { type: 'init', node_id: id, node_ids: ids });
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  await settle();
  replies.length = 0;
  /** Sends a read and returns the value once the reply is out. */
  const read = async (node: string): Promise<number> => {
    send(node, { type: 'read' });
    await settle();
    const reply = replies.splice(0).find((r) => r.dest === 'c1' && r.body.type === 'read_ok');
    assert.ok(reply, `no read_ok from ${node}`);
    return reply.body.value as number;
  };
  const advance = async (ms: number) => {
    for (let t = 0; t < ms; t += 100) {
      clock.advance(100);
      await settle();
    }
  };
  return { send, read, advance, settle, kvMessages: () => kvMessages };
}

test('after a quiet period every node reads the exact total, even when seq-kv serves the stalest state it may', async () => {
  // Draw 0: every non-changing op is answered from the oldest state the requester may still see.
  const c = await cluster(() => 0);
  const deltas = [3, 1, 4, 1, 5, 9, 2, 6];
  deltas.forEach((delta, i) => c.send(`n${i % 3}`, { type: 'add', delta }));
  await c.settle();
  await c.advance(QUIET_AFTER_MS + 2 * SYNC_INTERVAL_MS);
  const sum = deltas.reduce((a, b) => a + b, 0);
  assert.deepEqual([await c.read('n0'), await c.read('n1'), await c.read('n2')], [sum, sum, sum]);
});

test('a read while busy answers from memory at once, counting the node\'s own adds', async () => {
  const c = await cluster(() => 0.5);
  c.send('n0', { type: 'add', delta: 2 });
  c.send('n1', { type: 'add', delta: 5 });
  await c.settle();
  const before = c.kvMessages();
  assert.equal(await c.read('n0'), 2);
  assert.equal(c.kvMessages(), before, 'no KV traffic for a busy read');
});

test('a quiet node stops syncing: no KV messages while nothing happens', async () => {
  const c = await cluster(Math.random);
  c.send('n0', { type: 'add', delta: 1 });
  await c.settle();
  await c.advance(QUIET_AFTER_MS + 3 * SYNC_INTERVAL_MS);
  const quiet = c.kvMessages();
  await c.advance(20_000);
  assert.equal(c.kvMessages(), quiet);
});

test('adds arriving at every node keep each node at one round per interval: 2 × 3 messages per node per second', async () => {
  const c = await cluster(Math.random);
  for (let second = 0; second < 10; second++) {
    for (const node of ['n0', 'n1', 'n2']) c.send(node, { type: 'add', delta: 1 });
    await c.advance(1000);
  }
  // Each round is one write and two reads, request + reply each.
  assert.ok(c.kvMessages() <= 3 * 6 * 11, `kv messages: ${c.kvMessages()}`);
});

test('with 3 workers per node each worker counts the adds that reach it, and reads (from any worker) see the node\'s sum', async () => {
  const { startWorkers } = await import('../runtime/helpers.js');
  const clock = new FakeClock();
  const kv = new SeqKv(() => 0);
  const replies: Array<{ worker: number; body: Record<string, unknown> }> = [];
  let kvRequests = 0;
  let nodes: Awaited<ReturnType<typeof startWorkers>>['nodes'] = [];
  ({ nodes } = await startWorkers(counter, 3, {
    clock,
    output: (l) => {
      if (l.dest !== 'seq-kv') return void replies.push(l);
      kvRequests++;
      const reply = kv.handle(l.src, l.body as BaseBody);
      // A service reply carries in_reply_to, so any worker routes it to the one that asked.
      if (reply) queueMicrotask(() => nodes[0].receive(JSON.stringify({ src: 'seq-kv', dest: l.src, body: reply })));
    },
  }));
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  let msgId = 0;
  const send = (worker: number, body: Record<string, unknown>) => nodes[worker].receive(JSON.stringify({ src: 'c1', dest: 'n0', body: { ...body, msg_id: ++msgId } }));
  for (const worker of [0, 1, 2]) send(worker, { type: 'init', node_id: 'n0', node_ids: ['n0'] });
  await settle();
  replies.length = 0;
  for (let i = 0; i < 30; i++) send(i % 3, { type: 'add', delta: i });
  await settle();
  assert.deepEqual(new Set(replies.map((r) => `${r.worker}:${r.body.type}`)), new Set(['0:add_ok', '1:add_ok', '2:add_ok']), 'every worker answers its own adds');
  for (let t = 0; t < QUIET_AFTER_MS + SYNC_INTERVAL_MS * 2; t += 100) {
    clock.advance(100);
    await settle();
  }
  const rounds = kvRequests;
  replies.length = 0;
  send(2, { type: 'read' });
  await settle();
  const read = replies.find((r) => r.body.type === 'read_ok')!;
  assert.deepEqual([read.worker, read.body.value], [0, 435], 'the sync worker answers with every worker\'s adds');
  assert.ok(kvRequests > rounds, 'a read after the quiet period runs a fresh round');
  const [stored] = (kv.handle('n0', { type: 'read', key: 'counter/n0', msg_id: 1 }) as unknown as { value: [number, number] }).value;
  assert.equal(stored, 435, 'one key per node, holding the node\'s whole total');
});
