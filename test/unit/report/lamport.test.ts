import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JournalEvent } from '../../../src/harness/net/journal.js';
import { ARROW_COLORS, drawLamport, lamportViewData, sortParticipants, type LamportViewData } from '../../../src/harness/report/lamport-view.js';

let nextTime = 0;
const at = () => (nextTime++) * 1e6; // one event per ms
const send = (id: number, src: string, dest: string, body: Record<string, unknown>): JournalEvent => ({ kind: 'send', time: at(), id, src, dest, body });
const recv = (id: number, src: string, dest: string, body: Record<string, unknown>): JournalEvent => ({ kind: 'recv', time: at(), id, src, dest, body });

/** init for n0, a client broadcast, gossip to n1, an error reply, and a message lin-kv never gets. */
function journal(): JournalEvent[] {
  nextTime = 0;
  const init = { type: 'init', node_id: 'n0', node_ids: ['n0', 'n1'] };
  const broadcast = { type: 'broadcast', message: 1, msg_id: 1 };
  const gossip = { type: 'gossip', message: 1 };
  const error = { type: 'error', code: 11, in_reply_to: 1 };
  const lost = { type: 'gossip', message: 2 };
  return [
    send(0, 'c0', 'n0', init),
    recv(0, 'c0', 'n0', init),
    send(1, 'n0', 'c0', { type: 'init_ok', in_reply_to: 1 }),
    recv(1, 'n0', 'c0', { type: 'init_ok', in_reply_to: 1 }),
    send(2, 'c1', 'n0', broadcast),
    recv(2, 'c1', 'n0', broadcast),
    send(3, 'n0', 'n1', gossip),
    send(4, 'n0', 'c1', error),
    recv(3, 'n0', 'n1', gossip),
    recv(4, 'n0', 'c1', error),
    send(5, 'n1', 'lin-kv', lost),
  ];
}

/** Runs the page's drawLamport against a stand-in for the page's elements; returns the svg drawn. */
function draw(data: LamportViewData, span = 0): string {
  const host = { innerHTML: '' };
  const elements: Record<string, unknown> = {
    lamport: host,
    'lamport-start': { value: '0', max: '', disabled: false, addEventListener() {} },
    'lamport-span': { value: '', addEventListener() {} },
    'lamport-status': { textContent: '' },
  };
  const g = globalThis as { document?: unknown };
  g.document = { getElementById: (id: string) => elements[id] };
  try {
    drawLamport({ ...data, defaultSpanMs: span });
  } finally {
    delete g.document;
  }
  return host.innerHTML;
}

const arrows = (svg: string) => [...svg.matchAll(/<line class="arrow"[^>]*>/g)].map((m) => m[0]);
const coords = (line: string) => ['x1', 'y1', 'x2', 'y2'].map((k) => Number(new RegExp(`${k}="([\\d.]+)"`).exec(line)![1]));

test('participants are clients by number, then nodes by number, then services by name', () => {
  assert.deepEqual(sortParticipants(['n10', 'c2', 'lin-kv', 'n2', 'c10', 'n0', 'c1', 'seq-kv', 'c2']), ['c1', 'c2', 'c10', 'n0', 'n2', 'n10', 'lin-kv', 'seq-kv']);
});

test('init and init_ok are left out; lanes are nodes, then services, then clients; each message keeps its kind and fate', () => {
  const data = lamportViewData(journal());
  assert.deepEqual(data.lanes, ['n0', 'n1', 'lin-kv', 'c1']);
  assert.deepEqual(data.id, [2, 3, 4, 5]);
  assert.deepEqual(data.type, ['broadcast', 'gossip', 'error', 'gossip']);
  assert.deepEqual(data.kind, [0, 1, 2, 1], 'client, server, error, server');
  assert.deepEqual(data.send, [4, 6, 7, 10]);
  assert.deepEqual(data.recv, [5, 8, 9, -1], 'the message to lin-kv was never received');
  assert.deepEqual([data.from, data.to], [[3, 0, 0, 1], [0, 1, 3, 2]]);
  assert.equal(data.omitted, 0);
});

test('past the limit messages are counted, not carried', () => {
  const data = lamportViewData(journal(), 2);
  assert.deepEqual(data.id, [2, 3]);
  assert.equal(data.omitted, 2);
});

test('many clients share one lane, and long bodies are cut with their length', () => {
  nextTime = 0;
  const events = Array.from({ length: 8 }, (_, i) => send(i, `c${i}`, 'n0', { type: 'echo', echo: 'x'.repeat(i === 0 ? 1000 : 1) }));
  const data = lamportViewData(events);
  assert.deepEqual(data.lanes, ['n0', 'clients']);
  assert.deepEqual(new Set(data.from), new Set([1]));
  assert.match(data.body[0], /… \(\d+ chars\)$/);
  assert.ok(data.body[0].length < 450);
});

test('the drawn svg has one coloured arrow per message, dashed with a cross when it was not received', () => {
  const lines = arrows(draw(lamportViewData(journal())));
  assert.equal(lines.length, 4);
  assert.match(lines[0], new RegExp(`stroke="${ARROW_COLORS.client}"`));
  assert.match(lines[1], new RegExp(`stroke="${ARROW_COLORS.server}"`));
  assert.match(lines[2], new RegExp(`stroke="${ARROW_COLORS.error}"`));
  assert.doesNotMatch(lines[1], /stroke-dasharray/);
  assert.match(lines[3], /stroke-dasharray/);
  assert.match(lines[3], /marker-end="url\(#lost-server\)"/);
  assert.match(lines[0], /marker-end="url\(#head-client\)"/);
});

test('an arrow goes down the page from its send to its receive, 20 px per event', () => {
  const [x1, y1, x2, y2] = coords(arrows(draw(lamportViewData(journal())))[1]);
  assert.equal(y2 - y1, 40); // the gossip: sent at event 2 of the window, received at event 4
  assert.ok(x2 > x1, 'n1 is right of n0');
});

test('a window shows only the messages sent in it, and one received after it as a stub', () => {
  const data = lamportViewData(journal());
  assert.equal(arrows(draw(data, 5)).length, 1, 'only the broadcast is sent in 0–5 ms');
  const svg = draw(data, 7);
  const lines = arrows(svg);
  assert.equal(lines.length, 3, 'the broadcast, the gossip and the error are sent in 0–7 ms');
  assert.match(lines[1], /stroke-dasharray/, 'the gossip is received at 8 ms, after the window');
  assert.match(svg, /received 8\.000 ms, after this window/);
});

test('the hover text shows the message, escaped', () => {
  nextTime = 0;
  const events = [send(9, 'c0', 'n0', { type: 'echo', echo: '</title><script>x</script>' }), recv(9, 'c0', 'n0', { type: 'echo', echo: '' })];
  const svg = draw(lamportViewData(events));
  assert.match(svg, /<title>c0 → n0 \(message 9\)/);
  assert.match(svg, /&lt;\/title&gt;&lt;script&gt;/);
  assert.doesNotMatch(svg, /<script>/);
});

test('an undelivered stub stays shorter than the gap to the next lifeline', () => {
  nextTime = 0;
  const events = [send(1, 'n0', 'n3', { type: 'gossip' }), send(2, 'n1', 'n0', { type: 'x' }), send(3, 'n2', 'n0', { type: 'x' }), send(4, 'n3', 'n0', { type: 'x' })];
  const svg = draw(lamportViewData(events));
  const [x1, , x2] = coords(arrows(svg)[0]);
  const lifelines = [...svg.matchAll(/<line class="lifeline" x1="([\d.]+)"/g)].map((m) => Number(m[1]));
  const gap = lifelines[1] - lifelines[0];
  assert.ok(x2 > x1 && x2 - x1 < gap, `stub from ${x1} to ${x2}, lifelines ${gap} apart`);
  assert.match(svg, /gossip → n3/);
});
