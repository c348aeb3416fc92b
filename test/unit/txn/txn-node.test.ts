import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInlineNode, FakeClock } from '../../../src/node/index.js';
import definition, { REPLICATE_INTERVAL_MS } from '../../../src/challenges/txn.js';

const init = (id: string, ids: string[]) => JSON.stringify({ src: 'c0', dest: id, body: { type: 'init', msg_id: 1, node_id: id, node_ids: ids } });
const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};
const line = (src: string, dest: string, body: object) => JSON.stringify({ src, dest, body });

async function started(id: string, ids: string[], clock: FakeClock) {
  const n = await createInlineNode(definition, { clock });
  n.receive(init(id, ids));
  await new Promise((r) => setImmediate(r));
  n.take();
  return n;
}

test('a txn is answered at once with its reads filled in, and its writes reach the peer in the next batch', async () => {
  const clock = new FakeClock();
  const n0 = await started('n0', ['n0', 'n1'], clock);
  const n1 = await started('n1', ['n0', 'n1'], clock);
  n0.receive(line('c1', 'n0', { type: 'txn', msg_id: 2, txn: [['r', 1, null], ['w', 1, 9]] }));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(n0.take(), [{ src: 'n0', dest: 'c1', body: { type: 'txn_ok', txn: [['r', 1, null], ['w', 1, 9]], in_reply_to: 2 } }]);
  clock.advance(REPLICATE_INTERVAL_MS);
  await settle();
  const out = n0.take();
  assert.equal(out.length, 1);
  assert.equal(out[0].body.type, 'txn_replicate');
  n1.receive(JSON.stringify(out[0]));
  n1.receive(line('c2', 'n1', { type: 'txn', msg_id: 3, txn: [['r', 1, null]] }));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(n1.take()[0].body.txn, [['r', 1, 9]]);
  // n1 owes an ack; once n0 has it, both go quiet.
  clock.advance(REPLICATE_INTERVAL_MS);
  await settle();
  const ack = n1.take();
  assert.equal(ack.length, 1);
  // Unacknowledged so far, but not yet past its timeout: n0 does not resend.
  assert.deepEqual(n0.take(), []);
  n0.receive(JSON.stringify(ack[0]));
  await new Promise((r) => setImmediate(r));
  clock.advance(10 * REPLICATE_INTERVAL_MS);
  await settle();
  assert.deepEqual([n0.take().length, n1.take().length], [0, 0]);
  assert.equal(clock.pendingTimers, 0);
});
