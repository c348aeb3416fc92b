import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInlineNode } from '../../../src/node/index.js';
import { silentLogger } from '../../../src/shared/log.js';
import uniqueIds from '../../../src/challenges/unique-ids.js';
import { settle } from './helpers.js';

/** Generates `count` ids from a fresh node named `id` (a fresh node is a restarted process). */
async function generate(id: string, count: number): Promise<unknown[]> {
  const inline = await createInlineNode(uniqueIds, { log: silentLogger });
  inline.receive(JSON.stringify({ src: 'c0', dest: id, body: { type: 'init', node_id: id, node_ids: ['n0', 'n1', 'n2'], msg_id: 1 } }));
  await settle();
  for (let i = 0; i < count; i++) inline.receive(JSON.stringify({ src: 'c1', dest: id, body: { type: 'generate', msg_id: i + 2 } }));
  const out = inline.take();
  assert.equal(out[0].body.type, 'init_ok');
  assert.ok(out.slice(1).every((m) => m.body.type === 'generate_ok' && Object.keys(m.body).sort().join() === 'id,in_reply_to,type'));
  return out.slice(1).map((m) => m.body.id);
}

test('ids are unique across nodes and across restarts of the same node, without messages between nodes', async () => {
  const ids = [...(await generate('n0', 500)), ...(await generate('n1', 500)), ...(await generate('n0', 500)), ...(await generate('n0', 500))];
  assert.equal(ids.length, 2000);
  assert.equal(new Set(ids).size, 2000);
  assert.ok(ids.every((id) => typeof id === 'string'), 'all ids are strings, so Maelstrom can compare them');
});
