import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ThreadCursor } from '../../../src/harness/thread-cursor.js';

/** The threads a cursor hands `ops` ops to, with `busy` never free. */
function picks(threads: number, busy: Set<number>, ops: number): Array<number | undefined> {
  const cursor = new ThreadCursor(threads);
  const out: Array<number | undefined> = [];
  for (let i = 0; i < ops; i++) {
    const thread = cursor.pick((t) => !busy.has(t));
    out.push(thread);
    if (thread !== undefined) cursor.dispatched();
  }
  return out;
}

test('with every thread free, ops rotate through the threads and the nemesis slot sends the cursor back to 0 twice', () => {
  // Slots 0, 1, 2 and the nemesis slot 3: at slot 3 the scan starts over at thread 0.
  assert.deepEqual(picks(3, new Set(), 9), [0, 1, 2, 0, 0, 1, 2, 0, 0]);
});

test('while a thread is busy the next free thread after it takes its ops too (the cursor moves one slot per op)', () => {
  // Jepsen 0.3.7's some-free-process/busy-thread; a "just past the chosen thread" cursor would give 1, 2, 1, 2, ...
  assert.deepEqual(picks(3, new Set([0]), 8), [1, 1, 2, 1, 1, 1, 2, 1]);
});

test('no free thread: no pick', () => {
  assert.deepEqual(picks(2, new Set([0, 1]), 2), [undefined, undefined]);
});

test('a nemesis op moves the cursor a slot too, as the nemesis thread takes ops from the same context', () => {
  const cursor = new ThreadCursor(3);
  assert.equal(cursor.pick(() => true), 0);
  cursor.dispatched();
  cursor.dispatched(); // the nemesis
  assert.equal(cursor.pick(() => true), 2);
});
