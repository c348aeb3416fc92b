import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KafkaClient } from '../../../src/harness/kafka/client.js';
import type { BaseBody } from '../../../src/shared/protocol.js';
import type { ClientRpc, RpcOutcome } from '../../../src/harness/workload.js';

/** A ClientRpc that records requests and answers from a script. */
function scripted(answer: (body: BaseBody) => RpcOutcome): ClientRpc & { sent: BaseBody[] } {
  const sent: BaseBody[] = [];
  return {
    node: 'n0',
    sent,
    async call(body) {
      sent.push(body);
      return answer(body);
    },
  };
}
const ok = (body: Record<string, unknown>): RpcOutcome => ({ kind: 'ok', body: { type: 'x', ...body } });

test('a send records the acknowledged offset with the message', async () => {
  const rpc = scripted(() => ok({ offset: 7 }));
  const done = await new KafkaClient().invoke({ f: 'send', value: [['send', '3', 12]] }, rpc);
  assert.deepEqual(done, { type: 'ok', value: [['send', '3', [7, 12]]] });
  assert.deepEqual(rpc.sent, [{ type: 'send', key: '3', msg: 12 }]);
});

test('a send that times out is info, since it may have happened', async () => {
  const done = await new KafkaClient().invoke({ f: 'send', value: [['send', '3', 12]] }, scripted(() => ({ kind: 'timeout' })));
  assert.equal(done.type, 'info');
});

test('a poll sends all offsets, advances past what came back and commits the highest offsets read', async () => {
  const client = new KafkaClient();
  const rpc = scripted((body) => {
    if (body.type === 'list_committed_offsets') return ok({ offsets: { a: 2 } });
    if (body.type === 'poll') return ok({ msgs: { a: [[2, 5], [3, 6]], b: [] } });
    return ok({});
  });
  assert.equal((await client.invoke({ f: 'assign', value: ['a', 'b'] }, rpc)).type, 'ok');
  assert.deepEqual(Object.fromEntries(client.offsets), { a: 2, b: 0 });
  const done = await client.invoke({ f: 'poll', value: [['poll']] }, rpc);
  assert.deepEqual(done, { type: 'ok', value: [['poll', { a: [[2, 5], [3, 6]], b: [] }]] });
  assert.deepEqual(rpc.sent.slice(1), [
    { type: 'poll', offsets: { a: 2, b: 0 } },
    { type: 'commit_offsets', offsets: { a: 3 } },
  ]);
  assert.deepEqual(Object.fromEntries(client.offsets), { a: 4, b: 0 });
});

test('a final assign seeks to the beginning without asking the node', async () => {
  const client = new KafkaClient();
  const rpc = scripted(() => ok({ offsets: { a: 9 } }));
  await client.invoke({ f: 'assign', value: ['a'] }, rpc);
  await client.invoke({ f: 'assign', value: ['a', 'c'], final: true }, rpc);
  assert.deepEqual(Object.fromEntries(client.offsets), { a: 0, c: 0 });
  assert.equal(rpc.sent.length, 1);
});

test('an assign keeps local offsets over committed ones and drops unassigned keys', async () => {
  const client = new KafkaClient();
  client.offsets.set('a', 5).set('z', 1);
  await client.invoke({ f: 'assign', value: ['a', 'b'] }, scripted(() => ok({ offsets: { a: 1, b: 3 } })));
  assert.deepEqual(Object.fromEntries(client.offsets), { a: 5, b: 3 });
});

test('a failed assign is fail, since it only changes client state', async () => {
  const done = await new KafkaClient().invoke({ f: 'assign', value: ['a'] }, scripted(() => ({ kind: 'timeout' })));
  assert.equal(done.type, 'fail');
});

test('a poll whose commit fails is info and keeps what it read', async () => {
  const rpc = scripted((body) =>
    body.type === 'poll' ? ok({ msgs: { a: [[0, 1]] } }) : { kind: 'error', code: 11, text: 'no', body: { type: 'error' } },
  );
  const done = await new KafkaClient().invoke({ f: 'poll', value: [['poll']] }, rpc);
  assert.equal(done.type, 'info');
  assert.deepEqual(done.value, [['poll', { a: [[0, 1]] }]]);
});

test('a crash op is info, which makes the harness replace the client', async () => {
  const done = await new KafkaClient().invoke({ f: 'crash', value: null }, scripted(() => ok({})));
  assert.equal(done.type, 'info');
});
