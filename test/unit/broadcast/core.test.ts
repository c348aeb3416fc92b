import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BroadcastCore } from '../../../src/challenges/broadcast/core.js';
import type { CoreClock } from '../../../src/challenges/broadcast/clock.js';
import { parseMode } from '../../../src/challenges/broadcast/modes.js';

/** A clock that never fires timers on its own; tests look at what was sent synchronously. */
const stillClock: CoreClock = { now: () => 0, setTimeout: () => 0, clearTimeout: () => {} };

function node(nodeId: string, count: number, mode: 'latency' | 'default' | 'messages') {
  const sent: Array<[string, unknown]> = [];
  const nodeIds = Array.from({ length: count }, (_, i) => `n${i}`);
  const core = new BroadcastCore({ nodeId, nodeIds, mode, clock: stillClock, send: (d, b) => sent.push([d, b]) });
  return { core, sent };
}

test('a lone node keeps its values and sends nothing', () => {
  const { core, sent } = node('n0', 1, 'default');
  assert.equal(core.broadcast(1), true);
  assert.equal(core.broadcast(1), false);
  assert.deepEqual(core.read(), [1]);
  assert.deepEqual(sent, []);
});

test('latency mode sends a new value to every peer at once, and a repeated value to none', () => {
  const { core, sent } = node('n2', 5, 'latency');
  core.broadcast(9);
  assert.deepEqual(sent.map(([d]) => d), ['n0', 'n1', 'n3', 'n4']);
  assert.ok(sent.every(([, b]) => JSON.stringify((b as { v: number[] }).v) === '[9]'));
  core.broadcast(9);
  assert.equal(sent.length, 4);
});

test('in the default star a leaf sends to the hub only', () => {
  const { core, sent } = node('n3', 5, 'default');
  core.broadcast(4);
  assert.deepEqual(sent.map(([d]) => d), ['n0']);
});

test('gossip values are stored; bodies that are not well-formed gossip are ignored', () => {
  const { core } = node('n1', 3, 'latency');
  assert.equal(core.receive('n0', { type: 'gossip', s: 1, v: [3, 4] }), true);
  assert.equal(core.receive('n0', { type: 'gossip', s: 'x', v: [5] }), false);
  assert.equal(core.receive('n0', { type: 'topology' }), false);
  assert.deepEqual(core.read().sort(), [3, 4]);
});

test('mode names are checked and an empty argument means default', () => {
  assert.equal(parseMode(undefined), 'default');
  assert.equal(parseMode('messages'), 'messages');
  assert.throws(() => parseMode('fast'), /broadcast mode: got "fast", expected one of default, latency, messages/);
});

test('a core rebuilt after a worker death re-sends every stored value in one message per peer, numbered from firstSeq', () => {
  for (const [mode, self, peers] of [['latency', 'n2', ['n0', 'n1', 'n3', 'n4']], ['default', 'n2', ['n0']], ['default', 'n0', ['n1', 'n2', 'n3', 'n4']]] as const) {
    const sent: Array<[string, { s?: number; v?: number[] }]> = [];
    const nodeIds = ['n0', 'n1', 'n2', 'n3', 'n4'];
    // The hub flushes on its period's grid: a clock whose pending timers the test fires once.
    let now = 0;
    const timers: Array<() => void> = [];
    const clock: CoreClock = { now: () => now, setTimeout: (fn) => timers.push(fn), clearTimeout: () => {} };
    const core = new BroadcastCore({ nodeId: self, nodeIds, mode, clock, send: (d, b) => sent.push([d, b]), firstSeq: 1_000_000 });
    const values = Array.from({ length: 500 }, (_, i) => i);
    core.resend(values);
    if (sent.length === 0) {
      now = 150;
      for (const fire of timers.splice(0)) fire();
    }
    assert.deepEqual(sent.map(([d]) => d).sort(), [...peers], `${mode} ${self}: one message per peer`);
    for (const [, body] of sent) {
      assert.deepEqual(body.v, values);
      assert.equal(body.s, 1_000_000);
    }
  }
});
