import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, Node, SeenSet, onWorker, toWorker } from '../../../src/node/index.js';
import { silentLogger } from '../../../src/shared/log.js';
import { INIT, line, settle } from './helpers.js';

/** Two handler workers of one node, wired as the runtime wires them: forward = the sibling's receive. */
function twoWorkers(setup: (node: Node) => void) {
  const out: Array<{ worker: number; body: Record<string, unknown>; dest: string }> = [];
  const seenSet = SeenSet.create(1024);
  const nodes: Node[] = [];
  for (const workerIndex of [0, 1]) {
    nodes.push(
      new Node({
        output: (text) => out.push({ worker: workerIndex, ...(JSON.parse(text) as { body: Record<string, unknown>; dest: string }) }),
        forward: (target, text) => void nodes[target].receive(text),
        clock: new FakeClock(),
        log: silentLogger,
        args: [],
        workerIndex,
        workerCount: 2,
        seenSet,
      }),
    );
  }
  for (const node of nodes) setup(node);
  return { nodes, out };
}

test('onWorker runs a handler on its owner only: a request landing on another worker is handed over and answered from the owner', async () => {
  let total = 0;
  const { nodes, out } = twoWorkers((node) => {
    node.handle('add', onWorker(node, 0, (m) => {
      total += m.body.delta as number;
      node.reply(m, { type: 'add_ok', total });
    }));
  });
  for (const node of nodes) node.receive(INIT);
  await settle();
  out.length = 0;
  nodes[1].receive(line('c1', { type: 'add', delta: 2, msg_id: 5 }));
  nodes[0].receive(line('c2', { type: 'add', delta: 3, msg_id: 6 }));
  await settle();
  assert.equal(total, 5);
  assert.deepEqual(out.map((o) => [o.worker, o.dest, o.body.in_reply_to, o.body.total]), [[0, 'c1', 5, 2], [0, 'c2', 6, 5]]);
});

test('toWorker addresses a peer message to a worker only when several run; handOff rejects a worker that does not exist', () => {
  const { nodes } = twoWorkers(() => undefined);
  assert.deepEqual(toWorker(nodes[1], 0, { type: 'gossip' }), { type: 'gossip', in_reply_to: 0 });
  assert.throws(() => nodes[0].handOff(2, JSON.parse(line('c1', { type: 'x' }))), /workerIndex must be an integer in \[0, 2\); got 2/);
});
