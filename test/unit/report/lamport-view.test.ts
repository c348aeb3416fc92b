import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lamportViewData } from '../../../src/harness/report/lamport-view.js';
import type { JournalEvent } from '../../../src/harness/net/journal.js';

const ev = (kind: 'send' | 'recv', ms: number, id: number, src: string, dest: string, body: Record<string, unknown>): JournalEvent => ({ kind, time: ms * 1e6, id, src, dest, body });

test('lanes put nodes first, then services, then the clients as one lane when there are many', () => {
  const journal: JournalEvent[] = [];
  let id = 0;
  for (let c = 0; c < 10; c++) {
    journal.push(ev('send', c, id, `c${c}`, `n${c % 3}`, { type: 'read', msg_id: 1 }), ev('recv', c + 0.5, id, `c${c}`, `n${c % 3}`, { type: 'read' }));
    id++;
  }
  journal.push(ev('send', 20, id, 'n1', 'lin-kv', { type: 'read', key: 1 }), ev('send', 21, id + 1, 'n2', 'n10', { type: 'gossip' }));
  const data = lamportViewData(journal);
  assert.deepEqual(data.lanes, ['n0', 'n1', 'n2', 'n10', 'lin-kv', 'clients']);
  assert.equal(data.from[0], 5, 'a client message starts on the clients lane');
  assert.equal(data.src[0], 'c0', 'and keeps its real sender for the hover panel');
  assert.deepEqual(data.recv.slice(0, 2), [0.5, 1.5]);
  assert.equal(data.recv[10], -1, 'never received');
  assert.deepEqual(data.kind.slice(9, 12), [0, 1, 1]);
});

test('few clients keep a lane each; init is left out; past the cap messages are counted, not carried', () => {
  const journal = [
    ev('send', 0, 0, 'c0', 'n0', { type: 'init' }),
    ev('send', 1, 1, 'c1', 'n0', { type: 'echo' }),
    ev('send', 2, 2, 'n0', 'c1', { type: 'error', code: 11 }),
    ev('send', 3, 3, 'c2', 'n0', { type: 'echo' }),
  ];
  const data = lamportViewData(journal, 2);
  assert.deepEqual(data.lanes, ['n0', 'c1']);
  assert.deepEqual(data.type, ['echo', 'error']);
  assert.equal(data.kind[1], 2);
  assert.equal(data.omitted, 1);
});

test('the page opens on the longest window holding at most 2000 events', () => {
  const journal: JournalEvent[] = [];
  for (let i = 0; i < 3000; i++) journal.push(ev('send', i, i, 'n0', 'n1', { type: 'gossip' }));
  // One send per ms: a 2 s window would hold 2001 sends, 1 s holds 1001.
  assert.equal(lamportViewData(journal).defaultSpanMs, 1000);
  assert.equal(lamportViewData(journal.slice(0, 100)).defaultSpanMs, 0, 'a short run opens whole');
});
