import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NEMESIS, type Op } from '../../../src/harness/history.js';
import type { JournalEvent } from '../../../src/harness/net/journal.js';
import {
  bucketSecondsFor,
  latencyQuantiles,
  latencySeries,
  msgsPerOpOverTime,
  nemesisWindows,
  opRate,
  quantile,
  runEndSeconds,
} from '../../../src/harness/report/data.js';
import { netFromJournal } from '../../../src/harness/report/tables.js';

const S = 1e9;
const MS = 1e6;

/** Builds a history from [time ns, type, process, f] rows, numbering them. */
function history(rows: Array<[number, Op['type'], Op['process'], string, unknown?]>): Op[] {
  return rows.map(([time, type, process, f, value], index) => ({ index, time, type, process, f, value: value ?? null }));
}

test('raw latencies are grouped by f then completion type, in seconds and milliseconds', () => {
  const h = history([
    [1 * S, 'invoke', 0, 'read'],
    [1 * S + 5 * MS, 'ok', 0, 'read'],
    [2 * S, 'invoke', 1, 'broadcast'],
    [2 * S + 3 * MS, 'fail', 1, 'broadcast'],
    [3 * S, 'invoke', 0, 'read'],
    [3 * S + 7 * MS, 'info', 0, 'read'],
    [4 * S, 'invoke', 2, 'read'],
    [4 * S + 2 * MS, 'ok', 2, 'read'],
    [5 * S, 'invoke', 3, 'read'], // never completes: not plotted
    [5 * S, 'info', NEMESIS, 'start-partition'],
  ]);
  const { series, sampledEvery } = latencySeries(h);
  assert.equal(sampledEvery, 1);
  assert.deepEqual(
    series.map((s) => [s.f, s.type, s.times, s.latencies]),
    [
      ['read', 'ok', [1, 4], [5, 2]],
      ['read', 'info', [3], [7]],
      ['broadcast', 'fail', [2], [3]],
    ],
  );
});

test('raw latencies beyond the point cap are sampled with an even stride', () => {
  const rows: Array<[number, Op['type'], number, string]> = [];
  for (let i = 0; i < 1000; i++) rows.push([i * MS, 'invoke', 0, 'echo'], [i * MS + MS / 2, 'ok', 0, 'echo']);
  const { series, sampledEvery } = latencySeries(history(rows), 100);
  assert.equal(sampledEvery, 10);
  assert.equal(series[0].times.length, 100);
});

test('a quantile is the nearest-rank value and q = 1 is the maximum', () => {
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.deepEqual([0.5, 0.95, 0.99, 1].map((q) => quantile(sorted, q)), [50, 95, 99, 100]);
  assert.equal(quantile([7], 0.5), 7);
});

test('latency quantiles are per f per bucket of invocation time, null where a bucket is empty', () => {
  const rows: Array<[number, Op['type'], number, string]> = [];
  for (let i = 1; i <= 100; i++) rows.push([0.5 * S, 'invoke', i, 'read'], [0.5 * S + i * MS, 'ok', i, 'read']);
  rows.push([2.5 * S, 'invoke', 0, 'read'], [2.5 * S + 40 * MS, 'ok', 0, 'read']);
  const q = latencyQuantiles(history(rows).sort((a, b) => a.time - b.time), 3, 1);
  assert.deepEqual(q.times, [0.5, 1.5, 2.5]); // bucket middles
  assert.deepEqual(
    q.series.map((s) => [s.label, s.values]),
    [
      ['read p50', [50, null, 40]],
      ['read p95', [95, null, 40]],
      ['read p99', [99, null, 40]],
      ['read max', [100, null, 40]],
    ],
  );
});

test('op rate counts completions per second by completion time, per f and type', () => {
  const h = history([
    [0.1 * S, 'invoke', 0, 'add'],
    [0.2 * S, 'ok', 0, 'add'],
    [0.3 * S, 'invoke', 0, 'add'],
    [0.4 * S, 'ok', 0, 'add'],
    [0.5 * S, 'invoke', 0, 'add'],
    [1.2 * S, 'fail', 0, 'add'],
  ]);
  const rate = opRate(h, 2, 0.5);
  assert.deepEqual(rate.times, [0.25, 0.75, 1.25, 1.75]);
  assert.deepEqual(rate.series.map((s) => [s.label, s.values]), [
    ['add ok', [4, 0, 0, 0]],
    ['add fail', [0, 0, 2, 0]],
  ]);
});

test('messages per op divide sends in a bucket by client invocations in it, servers apart', () => {
  const h = history([
    [0.1 * S, 'invoke', 0, 'broadcast'],
    [0.2 * S, 'ok', 0, 'broadcast'],
    [0.1 * S, 'info', NEMESIS, 'start-partition'],
  ]);
  const send = (time: number, src: string, dest: string): JournalEvent => ({ kind: 'send', time, id: 0, src, dest, body: {} });
  const journal = [send(-0.3 * S, 'c9', 'n9'), send(0.1 * S, 'c0', 'n0'), send(0.15 * S, 'n0', 'n1'), send(0.15 * S, 'n0', 'n2'), send(0.2 * S, 'n0', 'c0'), send(1.5 * S, 'n1', 'n2')];
  const m = msgsPerOpOverTime(h, journal, 2, 1);
  assert.deepEqual(m.series.map((s) => [s.label, s.values]), [
    ['all msgs/op', [5, null]], // the init before time zero counts in the first bucket
    ['servers msgs/op', [2, null]],
  ]);
});

test('nemesis windows run from a start-partition completion to the next stop-partition completion', () => {
  const h = history([
    [0, 'info', NEMESIS, 'start-partition'],
    [1 * MS, 'info', NEMESIS, 'start-partition', ['isolated', { n1: ['n0'] }]],
    [1 * S, 'invoke', 0, 'read'],
    [1 * S + MS, 'ok', 0, 'read'],
    [3 * S, 'info', NEMESIS, 'stop-partition'],
    [3 * S + 2 * MS, 'info', NEMESIS, 'stop-partition', 'network-healed'],
    [5 * S, 'invoke', NEMESIS, 'start-partition'],
    [5 * S + 1 * MS, 'info', NEMESIS, 'start-partition', ['isolated', { n0: ['n1'] }]],
  ]);
  assert.deepEqual(nemesisWindows(h, 8), [
    { start: 0.001, end: 3.002, value: ['isolated', { n1: ['n0'] }] },
    { start: 5.001, end: 8, value: ['isolated', { n0: ['n1'] }] }, // never healed: open until the run ends
  ]);
});

test('a history without nemesis ops has no nemesis windows, and a stop without a start opens none', () => {
  assert.deepEqual(nemesisWindows(history([[0, 'invoke', 0, 'read'], [1, 'ok', 0, 'read']]), 1), []);
  assert.deepEqual(nemesisWindows(history([[0, 'info', NEMESIS, 'stop-partition'], [1, 'info', NEMESIS, 'stop-partition']]), 1), []);
});

test('the run ends at the last op or journal event, whichever is later', () => {
  const h = history([[2 * S, 'invoke', 0, 'read']]);
  assert.equal(runEndSeconds(h), 2);
  assert.equal(runEndSeconds(h, [{ kind: 'recv', time: 3 * S, id: 0, src: 'n0', dest: 'c0', body: {} }]), 3);
});

test('bucket widths are round numbers giving at most the target count', () => {
  assert.equal(bucketSecondsFor(10), 0.2);
  assert.equal(bucketSecondsFor(60), 1);
  assert.equal(bucketSecondsFor(10, 5), 2);
  assert.equal(bucketSecondsFor(0), 0.05);
});

test('net counts from the journal match SPEC: echo, 5 nodes, 50 ops is 110 messages, 2.2 per op', () => {
  const journal: JournalEvent[] = [];
  let id = 0;
  const exchange = (a: string, b: string) => {
    for (const [src, dest] of [[a, b], [b, a]]) {
      journal.push({ kind: 'send', time: 0, id, src, dest, body: {} }, { kind: 'recv', time: 0, id, src, dest, body: {} });
      id++;
    }
  };
  for (let n = 1; n <= 5; n++) exchange(`c${n}`, `n${n}`); // init / init_ok
  for (let op = 0; op < 50; op++) exchange(`c${op % 5}`, `n${(op % 5) + 1}`);
  const net = netFromJournal(journal, 50);
  assert.deepEqual(net.all, { 'send-count': 110, 'recv-count': 110, 'msg-count': 110, 'msgs-per-op': 2.2 });
  assert.deepEqual(net.servers, { 'send-count': 0, 'recv-count': 0, 'msg-count': 0, 'msgs-per-op': 0 });
  assert.equal(net.clients['msg-count'], 110);
});
