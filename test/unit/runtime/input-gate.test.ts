import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchCredit, InputGate } from '../../../src/main/input-gate.js';

function fakeInput() {
  const calls: string[] = [];
  return { calls, pause: () => calls.push('pause'), resume: () => calls.push('resume') };
}

test('input stays paused until every reason to hold it is released', () => {
  const input = fakeInput();
  const gate = new InputGate(input);
  gate.hold('stdout');
  gate.hold('workers');
  gate.hold('stdout');
  gate.release('stdout');
  assert.equal(gate.held, true);
  gate.release('workers');
  gate.release('workers');
  assert.deepEqual(input.calls, ['pause', 'resume']);
});

test('input is held at the high-water mark of unprocessed batches and released at the low one', () => {
  const input = fakeInput();
  const credit = new BatchCredit(2, new InputGate(input), 4, 1);
  credit.posted(0);
  credit.posted(1);
  credit.posted(0);
  assert.deepEqual(input.calls, []);
  credit.posted(1);
  assert.deepEqual(input.calls, ['pause']);
  credit.consumed(0, 2);
  assert.deepEqual(input.calls, ['pause'], 'still 2 pending, above the low-water mark');
  credit.consumed(1, 1);
  assert.deepEqual(input.calls, ['pause', 'resume']);
  assert.equal(credit.pending, 1);
});

test('batches queued to a worker that died no longer count', () => {
  const input = fakeInput();
  const credit = new BatchCredit(2, new InputGate(input), 3, 0);
  for (let i = 0; i < 3; i++) credit.posted(1);
  assert.deepEqual(input.calls, ['pause']);
  credit.lost(1);
  assert.equal(credit.pending, 0);
  assert.deepEqual(input.calls, ['pause', 'resume']);
});
