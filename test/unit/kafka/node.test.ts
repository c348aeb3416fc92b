import { test } from 'node:test';
import assert from 'node:assert/strict';
import kafka, { parseTickMs } from '../../../src/challenges/kafka.js';
import { createInlineNode, FakeClock, type InlineNode } from '../../../src/node/index.js';
import { createLogger } from '../../../src/shared/log.js';

const log = createLogger('error', () => {}, 'test');
const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** Two inline kafka nodes whose server messages are delivered only when `deliver()` is called. */
async function pair() {
  const clock = new FakeClock();
  const ids = ['n0', 'n1'];
  const nodes = new Map<string, InlineNode>();
  const wire: string[] = [];
  const replies: Array<Record<string, unknown>> = [];
  for (const id of ids) {
    nodes.set(id, await createInlineNode(kafka, {
      clock,
      log,
      output: (line) => {
        const { dest, body } = JSON.parse(line);
        if (dest.startsWith('n')) wire.push(line);
        else replies.push(body);
      },
    }));
  }
  let msgId = 0;
  const request = async (node: string, body: Record<string, unknown>) => {
    nodes.get(node)!.receive(JSON.stringify({ src: 'c1', dest: node, body: { ...body, msg_id: ++msgId } }));
    await settle();
    return replies.at(-1)!;
  };
  for (const id of ids) await request(id, { type: 'init', node_id: id, node_ids: ids });
  // Flushes run on the senders' queues, a few turns after their timer fires.
  const deliver = async () => {
    await settle();
    for (const line of wire.splice(0)) nodes.get(JSON.parse(line).dest)!.receive(line);
  };
  return { clock, request, deliver, wire };
}

test('a send is answered at once and polled by both nodes after a replication round trip', async () => {
  const { clock, request, deliver } = await pair();
  assert.deepEqual(await request('n1', { type: 'send', key: '7', msg: 42 }), { type: 'send_ok', offset: 1, in_reply_to: 3 });
  assert.deepEqual((await request('n1', { type: 'poll', offsets: { 7: 0 } })).msgs, {});
  clock.advance(50);
  await deliver();
  assert.deepEqual((await request('n0', { type: 'poll', offsets: { 7: 0 } })).msgs, { 7: [[1, 42]] });
  clock.advance(50);
  await deliver();
  assert.deepEqual((await request('n1', { type: 'poll', offsets: { 7: 0 } })).msgs, { 7: [[1, 42]] });
});

test('committed offsets are listed for known keys only', async () => {
  const { request } = await pair();
  assert.equal((await request('n0', { type: 'commit_offsets', offsets: { a: 4 } })).type, 'commit_offsets_ok');
  assert.deepEqual((await request('n0', { type: 'list_committed_offsets', keys: ['a', 'b'] })).offsets, { a: 4 });
});

test('a send without a string key is a malformed request', async () => {
  const { request } = await pair();
  const reply = await request('n0', { type: 'send', key: 7, msg: 1 });
  assert.equal(reply.type, 'error');
  assert.equal(reply.code, 12);
});

test('replication stops once everything is acknowledged', async () => {
  const { clock, request, deliver, wire } = await pair();
  await request('n0', { type: 'send', key: 'a', msg: 1 });
  for (let i = 0; i < 10; i++) {
    clock.advance(50);
    await deliver();
  }
  clock.advance(1000);
  await settle();
  assert.equal(wire.length, 0);
});

test('tick-ms is read from the args and a bad value is refused', () => {
  assert.equal(parseTickMs([]), 50);
  assert.equal(parseTickMs(['tick-ms=10']), 10);
  assert.throws(() => parseTickMs(['tick-ms=0']), /tick-ms must be an integer/);
});
