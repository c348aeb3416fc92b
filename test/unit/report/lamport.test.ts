import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JournalEvent } from '../../../src/harness/net/journal.js';
import { ARROW_COLORS, lamportLayout, renderLamportSvg, sortParticipants } from '../../../src/harness/report/lamport.js';

let nextTime = 0;
const send = (id: number, src: string, dest: string, body: Record<string, unknown>): JournalEvent => ({ kind: 'send', time: nextTime++, id, src, dest, body });
const recv = (id: number, src: string, dest: string, body: Record<string, unknown>): JournalEvent => ({ kind: 'recv', time: nextTime++, id, src, dest, body });

/** init for n0, a client broadcast, gossip to n1, an error reply, and a message n1 never gets. */
function journal(): JournalEvent[] {
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

test('participants are clients by number, then nodes by number, then services by name', () => {
  assert.deepEqual(sortParticipants(['n10', 'c2', 'lin-kv', 'n2', 'c10', 'n0', 'c1', 'seq-kv', 'c2']), ['c1', 'c2', 'c10', 'n0', 'n2', 'n10', 'lin-kv', 'seq-kv']);
});

test('init and init_ok are left out and every other event takes the next step, in journal order', () => {
  const layout = lamportLayout(journal());
  assert.equal(layout.totalEvents, 7);
  assert.equal(layout.steps, 7);
  assert.equal(layout.truncated, false);
  assert.deepEqual(layout.participants, ['c1', 'n0', 'n1', 'lin-kv']);
  assert.deepEqual(
    layout.arrows.map((a) => [a.id, a.type, a.kind, a.sendStep, a.recvStep]),
    [
      [2, 'broadcast', 'client', 0, 1],
      [3, 'gossip', 'server', 2, 4],
      [4, 'error', 'error', 3, 5],
      [5, 'gossip', 'server', 6, undefined],
    ],
  );
});

test('past the limit events are counted but not drawn, and a receive past the cut is left open', () => {
  const layout = lamportLayout(journal(), 3);
  assert.equal(layout.steps, 3);
  assert.equal(layout.totalEvents, 7);
  assert.equal(layout.truncated, true);
  assert.deepEqual(layout.arrows.map((a) => [a.id, a.recvStep]), [[2, 1], [3, undefined]]);
  assert.deepEqual(layout.participants, ['c1', 'n0', 'n1']);
});

test('the svg draws one coloured arrow per message, dashed when it was not received', () => {
  const svg = renderLamportSvg(lamportLayout(journal()));
  const arrows = [...svg.matchAll(/<line class="arrow"[^>]*>/g)].map((m) => m[0]);
  assert.equal(arrows.length, 4);
  assert.match(arrows[0], new RegExp(`stroke="${ARROW_COLORS.client}"`));
  assert.match(arrows[1], new RegExp(`stroke="${ARROW_COLORS.server}"`));
  assert.match(arrows[2], new RegExp(`stroke="${ARROW_COLORS.error}"`));
  assert.doesNotMatch(arrows[1], /stroke-dasharray/);
  assert.match(arrows[3], /stroke-dasharray/);
  assert.match(arrows[3], /marker-end="url\(#lost-server\)"/);
  assert.match(arrows[0], /marker-end="url\(#head-client\)"/);
  assert.equal(ARROW_COLORS.error, '#FF1E90');
  assert.equal(ARROW_COLORS.client, '#81BFFC');
});

test('an arrow goes down the page from its send to its receive, 20 px per event', () => {
  const svg = renderLamportSvg(lamportLayout(journal()));
  const gossip = [...svg.matchAll(/<line class="arrow" x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"/g)][1];
  const [x1, y1, x2, y2] = gossip.slice(1).map(Number);
  assert.equal(y2 - y1, 40); // sent at step 2, received at step 4
  assert.ok(x2 > x1, 'n1 is right of n0');
});

test('the hover text shows the message, escaped', () => {
  const events = [send(9, 'c0', 'n0', { type: 'echo', echo: '</title><script>x</script>' }), recv(9, 'c0', 'n0', { type: 'echo', echo: '' })];
  const svg = renderLamportSvg(lamportLayout(events));
  assert.match(svg, /<title>c0 → n0 \(message 9\)/);
  assert.match(svg, /&lt;\/title&gt;&lt;script&gt;/);
  assert.doesNotMatch(svg, /<script>/);
});

test('an undelivered stub stays shorter than the gap to the next lifeline', () => {
  const events = [send(1, 'n0', 'n3', { type: 'gossip' }), send(2, 'n1', 'n0', { type: 'x' }), send(3, 'n2', 'n0', { type: 'x' }), send(4, 'n3', 'n0', { type: 'x' })];
  const svg = renderLamportSvg(lamportLayout(events));
  const [x1, , x2] = [...svg.matchAll(/<line class="arrow" x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)"/g)][0].slice(1).map(Number);
  const lifelines = [...svg.matchAll(/<line class="lifeline" x1="([\d.]+)"/g)].map((m) => Number(m[1]));
  const gap = lifelines[1] - lifelines[0];
  assert.ok(x2 > x1 && x2 - x1 < gap, `stub from ${x1} to ${x2}, lifelines ${gap} apart`);
  assert.match(svg, /gossip → n3/);
});
