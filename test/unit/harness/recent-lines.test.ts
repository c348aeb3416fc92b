import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecentLines } from '../../../src/harness/process/recent-lines.js';

test('a crash report keeps the last lines in order, oldest first, and cuts very long ones', () => {
  const recent = new RecentLines(3);
  assert.deepEqual(recent.lines(), []);
  for (const line of ['a', 'b']) recent.push(line);
  assert.deepEqual(recent.lines(), ['a', 'b']);
  for (const line of ['c', 'd', 'e']) recent.push(line);
  assert.deepEqual(recent.lines(), ['c', 'd', 'e']);
  recent.push('x'.repeat(5000));
  assert.equal(recent.lines()[2].length, 1000);
  assert.ok(recent.lines()[2].endsWith('...'));
});
