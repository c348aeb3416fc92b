import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInlineNode, defineNode, type Node } from '../../../src/node/index.js';
import { Journal } from '../../../src/shared/journal.js';

/** A counter that keeps its total in memory only: without the journal a new worker would start at 0. */
const tally = defineNode((node) => {
  let total = 0;
  let recovered = 0;
  node.durable('add');
  node.handle('add', (m) => {
    total += m.body.delta as number;
    node.reply(m, { type: 'add_ok', total });
  });
  node.handle('read', (m) => node.reply(m, { type: 'read_ok', total, recovered }));
  node.onRecover(() => void (recovered += 1));
});

const INIT = JSON.stringify({ src: 'c0', dest: 'n1', body: { type: 'init', msg_id: 1, node_id: 'n1', node_ids: ['n1'] } });
const add = (msgId: number, delta: number) => JSON.stringify({ src: 'c1', dest: 'n1', body: { type: 'add', msg_id: msgId, delta } });
const read = (msgId: number) => JSON.stringify({ src: 'c1', dest: 'n1', body: { type: 'read', msg_id: msgId } });

/** A worker's node over `journal`, initialised (a first worker from the init line; a replacement silently, then recovered). */
async function worker(journal: Journal, replacement?: { replayFromSeq?: number }) {
  const inline = await createInlineNode(tally);
  inline.node.attachJournal(journal);
  if (replacement) {
    await inline.node.initFromPeer(INIT);
    await inline.node.recover(replacement.replayFromSeq);
  } else {
    await inline.node.receive(INIT, 1, 0);
    inline.take();
  }
  return inline;
}

function readTotal(inline: { node: Node; take(): Array<{ body: Record<string, unknown> }> }, msgId: number) {
  inline.node.receive(read(msgId), 99, 0);
  return inline.take().find((m) => m.body.in_reply_to === msgId)!.body;
}

test('a replacement worker rebuilds durable state from the journal without answering anything', async () => {
  const journal = Journal.create(4096);
  const first = await worker(journal);
  first.node.receive(add(2, 5), 2, 0);
  first.node.receive(add(3, 3), 2, 1);
  assert.deepEqual(first.take().map((m) => m.body.total), [5, 3 + 5]);
  const second = await worker(journal, {});
  assert.deepEqual(second.take(), [], 'recovery is silent');
  assert.deepEqual(readTotal(second, 10), { type: 'read_ok', total: 8, recovered: 1, in_reply_to: 10 });
});

test('without the journal the same replacement would have lost the acknowledged adds', async () => {
  const first = await createInlineNode(tally);
  first.receive(INIT, add(2, 5));
  const second = await createInlineNode(tally);
  await second.node.initFromPeer(INIT);
  await second.node.recover();
  assert.equal(readTotal(second, 10).total, 0);
});

test('a replayed input that was journaled is answered again with the recorded reply, not applied twice', async () => {
  const journal = Journal.create(4096);
  const first = await worker(journal);
  first.node.receive(add(2, 5), 2, 0);
  first.node.receive(add(3, 3), 2, 1);
  // The worker died before posting batch 2's replies; main replays batch 2 (and batch 3, never seen).
  const second = await worker(journal, { replayFromSeq: 2 });
  second.node.receive(add(2, 5), 2, 0);
  second.node.receive(add(3, 3), 2, 1);
  second.node.receive(add(4, 10), 3, 0);
  const replies = second.take().map((m) => [m.body.in_reply_to, m.body.total]);
  assert.deepEqual(replies, [[2, 5], [3, 8], [4, 18]]);
  assert.equal(readTotal(second, 11).total, 18);
});

test('a journaled input from before the replayed batches is not answered again', async () => {
  const journal = Journal.create(4096);
  const first = await worker(journal);
  first.node.receive(add(2, 5), 2, 0);
  const second = await worker(journal, { replayFromSeq: 3 });
  second.node.receive(add(2, 5), 2, 0); // not replayed by main; if it came anyway it is a new input
  assert.equal(readTotal(second, 11).total, 10);
});

test('a replacement of a replacement still rebuilds everything', async () => {
  const journal = Journal.create(4096);
  const first = await worker(journal);
  first.node.receive(add(2, 1), 2, 0);
  const second = await worker(journal, {});
  second.node.receive(add(3, 2), 3, 0);
  const third = await worker(journal, {});
  assert.equal(readTotal(third, 11).total, 3);
});

test('when the journal is full the durable request is refused with a crash error, not acknowledged', async () => {
  const journal = Journal.create(200);
  const first = await worker(journal);
  first.node.receive(add(2, 1), 2, 0);
  first.node.receive(add(3, 1), 2, 1);
  const replies = first.take().map((m) => m.body);
  assert.equal(replies[0].type, 'add_ok');
  assert.equal(replies[1].type, 'error');
  assert.equal(replies[1].code, 13);
  assert.match(String(replies[1].text), /journal full/);
});
