import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ThreadTrace, TRACING, threadTrace } from '../../../src/shared/trace.js';
import { profileNode } from '../../../src/harness/profile/summarize.js';
import { formatProfile } from '../../../src/harness/profile/command.js';

test('without GLOMERS_TRACE there is no recorder and tracing is off', () => {
  assert.equal(process.env.GLOMERS_TRACE, undefined);
  assert.equal(TRACING, false);
  assert.equal(threadTrace, undefined);
});

test('a thread trace reduces to handler quantiles, hop latency, deepest queue, seen-set and retry counts', () => {
  const trace = new ThreadTrace(42);
  trace.nameThread(2, 'worker 0');
  // 100 'gossip' spans of 1..100 µs and one 'read' span of 5 ms.
  for (let us = 1; us <= 100; us++) trace.span('gossip', 'handler', 1000, 1000 + us / 1000);
  trace.span('read', 'handler', 2000, 2005);
  trace.hop('main→worker', 10, 'from main');
  trace.hop('main→worker', 10, 'from main');
  for (const depth of [1, 5, 3, 7, 2]) trace.gauge('queue n1', depth);
  trace.gauge('queue n2', 4);
  trace.count('seen-set', 'hit', 3);
  trace.count('seen-set', 'miss', 9);
  trace.count('rpc', 'timeout');
  trace.count('rpc', 'retry', 2);
  trace.count('rpc', 'sender retry');
  trace.count('cross-thread', 'to main', 4);
  const data = trace.take();
  assert.deepEqual(data.events[0], { ph: 'M', name: 'thread_name', ts: 0, pid: 42, tid: 2, args: { name: 'worker 0' } });

  const [profile] = profileNode('n3', { traceEvents: data.events });
  assert.equal(profile.node, 'n3');
  assert.equal(profile.thread, 'worker 0');
  assert.equal(profile.handlers.gossip.count, 100);
  assert.ok(Math.abs(profile.handlers.gossip.p50Us - 51) < 0.01, `p50 ${profile.handlers.gossip.p50Us}`);
  assert.ok(Math.abs(profile.handlers.gossip.p99Us - 100) < 0.01, `p99 ${profile.handlers.gossip.p99Us}`);
  assert.ok(Math.abs(profile.handlers.read.p50Us - 5000) < 0.01);
  assert.equal(profile.hopIn?.count, 2);
  assert.ok(profile.hopIn!.p50Us > 0, 'a hop stamped in the past has a positive latency');
  assert.equal(profile.maxQueue, 7);
  assert.equal(profile.maxQueuePeer, 'n1');
  assert.deepEqual([profile.seenHits, profile.seenMisses, profile.rpcTimeouts, profile.retries], [3, 9, 1, 3]);
  assert.deepEqual([profile.posted, profile.received], [4, 2]);
  assert.ok(profile.busyPct >= 0 && profile.busyPct <= 100);

  const text = formatProfile({ threads: [profile], handlers: profile.handlers }, '/run/traces');
  assert.match(text, /^n3\s+worker 0\s+gossip\s+100\s+51\s+100/m);
  assert.match(text, /7 \(n1\)/);
});

test('a thread past its event cap keeps exact totals and the profile says its spans are a sample', () => {
  const trace = new ThreadTrace(1, 5);
  for (let i = 0; i < 20; i++) trace.span('echo', 'handler', i, i + 0.001);
  for (let depth = 1; depth <= 10; depth++) trace.gauge('queue n0', depth);
  trace.count('seen-set', 'miss', 30);
  const [profile] = profileNode('n0', { traceEvents: trace.take().events });
  assert.equal(profile.handlers.echo.count, 5, 'only the first 5 events were kept');
  assert.equal(profile.droppedEvents, 20 + 10 + 2 - 5, '20 spans, 10 gauge moves, the final busy and seen-set samples, less the 5 kept');
  assert.equal(profile.maxQueue, 10, 'the gauge maximum is exact');
  assert.equal(profile.seenMisses, 30, 'counters are exact');
  assert.match(formatProfile({ threads: [profile], handlers: profile.handlers }, 'x'), /n0\/main dropped 27 events \(cap reached\)/);
});

test('a file that is not trace-event JSON is refused with its name', () => {
  assert.throws(() => profileNode('n1', { events: [] } as never), /n1: not a trace-event JSON object/);
});
