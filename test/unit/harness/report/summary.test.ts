import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSummary, summaryFigures } from '../../../../src/harness/report/summary.js';
import { composeResults } from '../../../../src/harness/checkers/compose.js';
import { checkStats } from '../../../../src/harness/checkers/stats.js';
import { checkAvailability } from '../../../../src/harness/checkers/availability.js';
import { checkNet } from '../../../../src/harness/checkers/net.js';
import { checkSetFull } from '../../../../src/harness/checkers/set-full.js';
import type { JournalEvent } from '../../../../src/harness/net/journal.js';
import { HistoryBuilder, ms } from '../checkers/history-builder.js';

/**
 * A one-node broadcast run: 1 is acked at 3 ms and missed by the read invoked at 40 ms, so once the
 * final read sees it, it is stable with a latency of 37 ms (stale); 0 is seen every time (0 ms).
 */
function broadcastRun(finalRead: number[]) {
  const h = new HistoryBuilder();
  h.invoke(0, 'broadcast', 0, ms(0));
  h.ok(0, 'broadcast', 0, ms(1));
  h.invoke(0, 'broadcast', 1, ms(2));
  h.ok(0, 'broadcast', 1, ms(3));
  h.invoke(0, 'read', null, ms(40));
  h.ok(0, 'read', [0], ms(41));
  h.invoke(0, 'read', null, ms(50));
  h.add('ok', 0, 'read', finalRead, ms(51), { final: true });
  const events: JournalEvent[] = [];
  for (let id = 0; id < 10; id++) events.push({ kind: 'send', time: id, id, src: id < 8 ? 'c1' : 'n0', dest: id < 8 ? 'n0' : 'n1', body: {} });
  return composeResults({
    stats: checkStats(h.ops),
    availability: checkAvailability(h.ops, 'total'),
    net: checkNet(events, h.ops),
    workload: checkSetFull(h.ops, { addF: 'broadcast' }),
  });
}

test('the summary shows the verdict, ops, availability, msgs-per-op and stable latencies', () => {
  assert.equal(
    formatSummary(broadcastRun([0, 1])),
    [
      'valid?            true',
      'ops               4 completed: 4 ok, 0 fail, 0 info',
      'availability      ok-fraction 1',
      'msgs-per-op       servers 0.5, all 2.5 (10 messages)',
      'stable-latencies  min 0 ms, p50 37 ms, p95 37 ms, p99 37 ms, max 37 ms',
      'elements          2 stable, 0 lost, 1 stale, 0 never read',
    ].join('\n'),
  );
});

test('an invalid run names the checkers that failed it', () => {
  const figures = summaryFigures(broadcastRun([0]));
  assert.equal(figures.valid, false);
  assert.deepEqual(figures.invalidCheckers, ['workload']);
  assert.deepEqual(figures.setFull, { stable: 1, lost: 1, stale: 0, neverRead: 0 });
  assert.match(formatSummary(broadcastRun([0])), /^valid\? +false \(invalid: workload\)$/m);
});

test('figures a run did not produce are left out', () => {
  const text = formatSummary({ stats: { 'valid?': true, count: 0, 'ok-count': 0, 'fail-count': 0, 'info-count': 0 }, workload: { 'valid?': 'unknown', error: 'x' }, 'valid?': 'unknown' });
  assert.equal(text, ['valid?  unknown (unknown: workload)', 'ops     0 completed: 0 ok, 0 fail, 0 info'].join('\n'));
});
