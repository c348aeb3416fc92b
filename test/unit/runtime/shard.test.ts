import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineNode, FakeClock, groupByShard, pick, RpcError, shardOf, type Node } from '../../../src/node/index.js';
import { INIT, line, settle, startWorkers, type WorkerLine } from './helpers.js';

/** A key that worker `worker` of `count` owns. */
function keyOwnedBy(worker: number, count: number): string {
  for (let i = 0; ; i++) if (shardOf(String(i), count) === worker) return String(i);
}

test('shardOf is the same for a key every time, stays in range, and spreads Maelstrom-style keys over the workers', () => {
  assert.equal(shardOf('anything', 1), 0);
  for (const count of [2, 3, 4]) {
    const perWorker = Array<number>(count).fill(0);
    for (let i = 0; i < 100; i++) {
      const shard = shardOf(String(i), count);
      assert.equal(shard, shardOf(String(i), count));
      assert.ok(Number.isInteger(shard) && shard >= 0 && shard < count);
      perWorker[shard]++;
    }
    // FNV-1a on 100 small decimal keys: no worker gets fewer than half its fair share.
    assert.ok(perWorker.every((n) => n >= 50 / count), `${count} workers: ${perWorker}`);
  }
});

test('groupByShard keeps each value once, in first-seen order, under its key\'s owner; pick copies without touching the prototype', () => {
  const items: Array<[string, number]> = [['a', 1], ['b', 2], ['a', 3], ['c', 4]];
  const groups = groupByShard(items, 2, (item) => item[0]);
  assert.deepEqual([...groups.values()].flat().sort((x, y) => x[1] - y[1]), items);
  for (const [shard, group] of groups) for (const item of group) assert.equal(shardOf(item[0], 2), shard);
  assert.deepEqual(groups.get(shardOf('a', 2))!.filter((item) => item[0] === 'a'), [['a', 1], ['a', 3]]);
  const copy = pick(JSON.parse('{"__proto__": 1, "x": 2}') as Record<string, number>, ['__proto__']);
  assert.equal(Object.getPrototypeOf(copy), Object.prototype);
  assert.deepEqual(Object.entries(copy), [['__proto__', 1]]);
});

/** Two workers of n1 whose `put` is sharded by key; `out` tags each output line with its worker. */
async function shardedPair(setup: (node: Node) => void = () => undefined) {
  const out: WorkerLine[] = [];
  const handled: Array<[number, string]> = [];
  const definition = defineNode((node) => {
    node.handle('put', (m) => {
      handled.push([node.workerIndex, m.body.key as string]);
      node.reply(m, { type: 'put_ok', worker: node.workerIndex });
    }, { body: { key: 'string' }, shard: (body) => body.key as string });
    node.handle('where', (m) => node.reply(m, { type: 'where_ok', worker: node.workerIndex }));
    setup(node);
  });
  const clock = new FakeClock();
  const { nodes, drop } = await startWorkers(definition, 2, { clock, output: (l) => out.push(l) });
  for (const node of nodes) node.receive(INIT);
  await settle();
  out.length = 0;
  return { nodes, out, handled, clock, drop };
}

test('a request with a shard key is handled by the worker that owns the key, wherever it lands, and answered from there', async () => {
  const { nodes, out, handled } = await shardedPair();
  const [k0, k1] = [keyOwnedBy(0, 2), keyOwnedBy(1, 2)];
  nodes[0].receive(line('c1', { type: 'put', key: k1, msg_id: 5 }));
  nodes[1].receive(line('c1', { type: 'put', key: k0, msg_id: 6 }));
  nodes[1].receive(line('c1', { type: 'put', key: k1, msg_id: 7 }));
  await settle();
  assert.deepEqual(handled.sort(), [[0, k0], [1, k1], [1, k1]]);
  assert.deepEqual(out.map((o) => [o.worker, o.dest, o.body.in_reply_to]).sort(), [[0, 'c1', 6], [1, 'c1', 5], [1, 'c1', 7]]);
  // A body that fails its check is refused where it landed, before any routing.
  nodes[0].receive(line('c1', { type: 'put', key: 7, msg_id: 8 }));
  await settle();
  assert.deepEqual([out.at(-1)!.worker, out.at(-1)!.body.code], [0, 12]);
});

test('ask gets a sibling worker\'s reply (or this worker\'s own), and neither the request nor the reply reaches stdout', async () => {
  const { nodes, out } = await shardedPair();
  assert.deepEqual(await nodes[0].ask(1, { type: 'where' }), { type: 'where_ok', worker: 1, in_reply_to: 2 });
  assert.equal((await nodes[1].ask(1, { type: 'where' })).worker, 1);
  assert.equal((await nodes[1].ask(0, { type: 'put', key: keyOwnedBy(1, 2) })).worker, 1, 'a sharded request asked of the wrong worker still reaches the owner');
  assert.deepEqual(out, []);
});

test('ask rejects with the sibling\'s error, with a timeout when nobody answers, and at once for a worker that does not exist', async () => {
  const { nodes, clock, drop } = await shardedPair();
  await assert.rejects(nodes[0].ask(1, { type: 'nope' }), (error: RpcError) => error.code === 10 && error.failure === 'reply');
  await assert.rejects(nodes[0].ask(2, { type: 'where' }), /workerIndex must be an integer in \[0, 2\); got 2/);
  drop(1);
  const lost = nodes[0].ask(1, { type: 'where' }, { timeoutMs: 500 });
  await settle();
  clock.advance(500);
  await assert.rejects(lost, (error: RpcError) => error.code === 0 && error.failure === 'timeout');
});

test('an internal type runs only for the node\'s own workers: from a client or a peer it is an unknown type, even dressed as a reply', async () => {
  let runs = 0;
  const { nodes, out } = await shardedPair((node) => {
    node.handle('secret', (m) => {
      runs++;
      node.reply(m, { type: 'secret_ok' });
    }, { internal: true });
  });
  nodes[0].receive(line('c1', { type: 'secret', msg_id: 9 }));
  nodes[1].receive(line('n2', { type: 'secret', in_reply_to: 0 }));
  await settle();
  assert.equal(runs, 0);
  assert.deepEqual(out.map((o) => [o.body.type, o.body.code, o.body.text]), [['error', 10, 'unknown message type "secret"']]);
  assert.equal((await nodes[0].ask(1, { type: 'secret' })).type, 'secret_ok');
  assert.equal(runs, 1);
});

test('a shard key function that throws makes the request malformed (error 12), and a non-string key is hashed as its string form', async () => {
  const { nodes, out } = await shardedPair((node) => {
    node.handle('boom', (m) => node.reply(m, { type: 'boom_ok' }), { shard: () => { throw new Error('no key here'); } });
    node.handle('num', (m) => node.reply(m, { type: 'num_ok', worker: node.workerIndex }), { shard: (body) => body.n as unknown as string });
  });
  nodes[0].receive(line('c1', { type: 'boom', msg_id: 7 }));
  const owner = shardOf('12345', 2);
  nodes[1 - owner].receive(line('c1', { type: 'num', n: 12345, msg_id: 8 }));
  await settle();
  assert.deepEqual([out[0].body.code, out[0].body.text], [12, 'boom: no shard key: no key here']);
  assert.deepEqual([out[1].body.type, out[1].body.worker], ['num_ok', owner]);
});

test('tell hands a sibling a message from the node itself; replyLater answers once its promise settles, a rejection as a handler\'s would be', async () => {
  const told: Array<[number, unknown]> = [];
  const { nodes, out } = await shardedPair((node) => {
    node.handle('note', (m) => void told.push([node.workerIndex, m.body.n]), { internal: true });
    node.handle('later', (m) => node.replyLater(m, m.body.ok ? Promise.resolve({ type: 'later_ok' }) : Promise.reject(new RpcError(0, 'sibling timed out', 'timeout'))));
  });
  nodes[0].tell(1, { type: 'note', n: 1 });
  nodes[1].tell(1, { type: 'note', n: 2 });
  nodes[0].receive(line('c1', { type: 'later', ok: true, msg_id: 3 }));
  nodes[0].receive(line('c1', { type: 'later', ok: false, msg_id: 4 }));
  await settle();
  assert.deepEqual(told.sort(), [[1, 1], [1, 2]], 'internal type accepted: the message is from the node itself');
  assert.deepEqual(out.map((o) => o.body), [{ type: 'later_ok', in_reply_to: 3 }, { type: 'error', code: 0, text: 'sibling timed out', in_reply_to: 4 }]);
});
