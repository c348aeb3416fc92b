import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allPassed, challengeFigures, fixed, judge, type Judgement } from '../../../src/harness/challenge/criteria.js';
import { CHALLENGES, selectChallenges, type Challenge, type ChallengeId } from '../../../src/harness/challenge/table.js';

/** A composed results object as results.json holds it (quantile keys are strings). */
function results(o: { valid?: unknown; mpo?: number; serverMsgs?: number; median?: number; max?: number; okFraction?: number; lost?: number } = {}): Record<string, unknown> {
  const workload: Record<string, unknown> = { 'valid?': o.valid ?? true };
  if (o.median !== undefined || o.max !== undefined) workload['stable-latencies'] = { '0': 0, '0.5': o.median, '0.95': o.max, '0.99': o.max, '1': o.max };
  if (o.lost !== undefined) workload['lost-count'] = o.lost;
  return {
    stats: { 'valid?': true, count: 100, 'ok-count': 100, 'fail-count': 0, 'info-count': 0 },
    availability: { 'valid?': true, 'ok-fraction': o.okFraction ?? 1 },
    net: { all: { 'msg-count': 1000, 'msgs-per-op': 10 }, servers: { 'msg-count': o.serverMsgs ?? 500, 'msgs-per-op': o.mpo ?? 5 }, 'valid?': true },
    workload,
    'valid?': o.valid ?? true,
  };
}

const challenge = (id: ChallengeId): Challenge => selectChallenges(id)![0];
const official = (id: ChallengeId, r: Record<string, unknown>): Judgement[] => judge(challenge(id).official, challengeFigures(r));
const ours = (id: ChallengeId, r: Record<string, unknown>): Judgement[] => judge(challenge(id).ours, challengeFigures(r));
const failed = (judgements: Judgement[]): string[] => judgements.filter((j) => !j.passed).map((j) => j.label);

test('a run at 29.9 msgs-per-op passes 3d official but fails 3e official on mpo alone', () => {
  const run = results({ mpo: 29.9, median: 350, max: 550 });
  assert.deepEqual(failed(official('3d', run)), []);
  assert.deepEqual(failed(official('3e', run)), ['mpo < 20']);
});

test('3d bounds are strict: a median of exactly 400 ms fails, 399 passes', () => {
  assert.deepEqual(failed(official('3d', results({ mpo: 10, median: 400, max: 500 }))), ['median < 400 ms']);
  assert.ok(allPassed(official('3d', results({ mpo: 10, median: 399, max: 500 }))));
  assert.deepEqual(failed(official('3d', results({ mpo: 30, median: 100, max: 600 }))), ['mpo < 30', 'max < 600 ms']);
});

test('our 3d target is inclusive: median 100 and max 150 at mpo 20 meet it, max 151 does not', () => {
  assert.ok(allPassed(ours('3d', results({ mpo: 20, median: 100, max: 150 }))));
  assert.deepEqual(failed(ours('3d', results({ mpo: 20, median: 100, max: 151 }))), ['max <= 150 ms']);
});

test('our 3e target needs mpo at most 0.5 inside the official latency bounds', () => {
  assert.ok(allPassed(ours('3e', results({ mpo: 0.5, median: 900, max: 1900 }))));
  assert.deepEqual(failed(ours('3e', results({ mpo: 0.51, median: 900, max: 2000 }))), ['mpo <= 0.5', 'max < 2000 ms']);
});

test('3d+3e has no official criteria and its target is the intersection of both bound sets', () => {
  assert.deepEqual(challenge('3d+3e').official, []);
  assert.ok(allPassed(ours('3d+3e', results({ mpo: 19.9, median: 399, max: 599 }))));
  assert.deepEqual(failed(ours('3d+3e', results({ mpo: 25, median: 399, max: 599 }))), ['mpo < 20']);
  assert.deepEqual(failed(ours('3d+3e', results({ mpo: 10, median: 450, max: 599 }))), ['median < 400 ms']);
});

/** Kafka-shaped :stats with per-f completions [count, ok]. */
function kafkaStats(run: Record<string, unknown>, byF: Record<string, [number, number]>): Record<string, unknown> {
  const entries = Object.entries(byF).map(([f, [count, ok]]) => [f, { 'valid?': true, count, 'ok-count': ok, 'fail-count': 0, 'info-count': count - ok }]);
  (run.stats as Record<string, unknown>)['by-f'] = Object.fromEntries(entries);
  return run;
}

test('availability 0.99 is valid for 5a official but fails our 5a target', () => {
  const run = kafkaStats(results({ okFraction: 0.99 }), { send: [60, 59], poll: [40, 40], crash: [3, 0] });
  assert.ok(allPassed(official('5a', run)));
  assert.deepEqual(failed(ours('5a', run)), ['availability 1.0 (ops other than :crash)']);
  assert.equal(challengeFigures(run).nodeOkFraction, 0.99);
});

test("kafka's own :crash ops (always info) do not count against our availability target", () => {
  const run = kafkaStats(results({ okFraction: 0.9997, mpo: 1.2 }), { assign: [5, 5], send: [600, 600], poll: [400, 400], crash: [5, 0] });
  assert.ok(allPassed(ours('5a', run)));
  assert.ok(allPassed(ours('5c', run)));
  assert.deepEqual(failed(ours('5a', results({ okFraction: 1 }))), ['availability 1.0 (ops other than :crash)'], 'no :by-f, no pass');
});

test('an invalid or unknown run fails every challenge, official and ours', () => {
  for (const c of CHALLENGES) {
    for (const verdict of [false, 'unknown']) {
      const run = results({ valid: verdict, mpo: 0, median: 0, max: 0, lost: 0, serverMsgs: 0 });
      if (c.official.length) assert.ok(!allPassed(judge(c.official, challengeFigures(run))), `${c.id} official with valid? ${verdict}`);
      assert.ok(!allPassed(judge(c.ours, challengeFigures(run))), `${c.id} ours with valid? ${verdict}`);
    }
  }
});

test('challenge 2 needs every op ok officially, and zero server messages for our target', () => {
  assert.deepEqual(failed(official('2', results({ okFraction: 0.999 }))), ['every op ok']);
  assert.deepEqual(failed(ours('2', results({ serverMsgs: 3 }))), ['zero server messages']);
  assert.ok(allPassed(ours('2', results({ serverMsgs: 0 }))));
});

test('3c target wants lost-count 0; a run that does not report it fails rather than passes', () => {
  assert.deepEqual(failed(ours('3c', results({ lost: 2 }))), ['lost-count 0']);
  assert.deepEqual(failed(ours('3c', results())), ['lost-count 0']);
  assert.ok(allPassed(ours('3c', results({ lost: 0 }))));
});

test('a missing latency or mpo figure fails its criterion and says it was not reported', () => {
  const run = results();
  delete (run.net as Record<string, Record<string, unknown>>).servers['msgs-per-op'];
  const judgements = official('3d', run);
  assert.deepEqual(failed(judgements), ['mpo < 30', 'median < 400 ms', 'max < 600 ms']);
  assert.equal(judgements[1].measured, undefined);
});

test('quantiles are read from a Map keyed by number too, as in-memory results hold them', () => {
  const run = results({ mpo: 10 });
  (run.workload as Record<string, unknown>)['stable-latencies'] = new Map([[0, 0], [0.5, 123], [1, 456]]);
  const figures = challengeFigures(run);
  assert.equal(figures.medianMs, 123);
  assert.equal(figures.maxMs, 456);
});

test('measured figures are shown beside each criterion', () => {
  const judgements = official('3d', results({ mpo: 24.123456, median: 175, max: 204 }));
  assert.deepEqual(judgements.map((j) => j.measured), ['true', '24.123', '175 ms', '204 ms']);
});

test('a figure just below 1 never prints as 1', () => {
  const judgements = official('2', results({ okFraction: 0.9998779 }));
  assert.deepEqual(judgements.map((j) => [j.passed, j.measured]), [[true, 'true'], [false, '0.9999']]);
  assert.equal(fixed(0.9999999), '0.9999999');
  assert.equal(fixed(2.5), '2.5');
  assert.equal(fixed(3), '3');
});
