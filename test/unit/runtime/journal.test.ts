import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { Journal, JournalFullError } from '../../../src/shared/journal.js';
import { InputLedger, MAX_REPLAYS } from '../../../src/main/input-ledger.js';

test('a journal returns its records in order, with their positions and text (multi-byte text included)', () => {
  const journal = Journal.create(1024);
  journal.append(1, 0, 'first');
  journal.append(1, 1, 'zweite: größer ✓');
  journal.append(7, 3, 'line\nreply');
  assert.deepEqual(journal.records(), [
    { seq: 1, index: 0, text: 'first' },
    { seq: 1, index: 1, text: 'zweite: größer ✓' },
    { seq: 7, index: 3, text: 'line\nreply' },
  ]);
});

test('a record given in parts is stored as the parts joined by newlines, near the end of the space too', () => {
  const journal = Journal.create(12 + 10 + 12 + 5);
  journal.append(1, 0, 'in', ['out1', 'é']);
  journal.append(1, 1, 'a', ['b', 'c']);
  assert.deepEqual(journal.records().map((r) => r.text), ['in\nout1\né', 'a\nb\nc']);
  assert.throws(() => journal.append(1, 2, '', []), JournalFullError);
});

test('a journal attached from its buffer sees what was written through another handle', () => {
  const journal = Journal.create(256);
  journal.append(2, 5, 'kept');
  const other = Journal.attach(journal.buffer);
  assert.deepEqual(other.records(), [{ seq: 2, index: 5, text: 'kept' }]);
  other.append(3, 0, 'more');
  assert.equal(journal.records().length, 2);
  assert.equal(journal.used, other.used);
});

test('a full journal throws JournalFullError and keeps every earlier record', () => {
  const journal = Journal.create(48);
  journal.append(1, 0, 'x'.repeat(20));
  assert.throws(() => journal.append(1, 1, 'y'.repeat(20)), JournalFullError);
  assert.deepEqual(journal.records(), [{ seq: 1, index: 0, text: 'x'.repeat(20) }]);
  // A record that fits only when measured exactly still goes in.
  journal.append(1, 2, 'zz');
  assert.equal(journal.records().length, 2);
});

test('records written by a worker thread outlive that thread', async () => {
  const journal = Journal.create(4096);
  const source = `
    const { workerData } = require('node:worker_threads');
    const header = new Int32Array(workerData, 0, 1);
    const bytes = Buffer.from(workerData);
    const text = 'from the worker';
    const at = 8 + Atomics.load(header, 0);
    const n = bytes.write(text, at + 12, 'utf8');
    bytes.writeUInt32LE(n, at); bytes.writeUInt32LE(9, at + 4); bytes.writeUInt32LE(1, at + 8);
    Atomics.store(header, 0, Atomics.load(header, 0) + 12 + n);
    process.exit(3);`;
  const worker = new Worker(source, { eval: true, workerData: journal.buffer });
  const code = await new Promise((resolve) => worker.on('exit', resolve));
  assert.equal(code, 3);
  assert.deepEqual(journal.records(), [{ seq: 9, index: 1, text: 'from the worker' }]);
});

test('the input ledger keeps unsettled batches per worker in order and forgets settled ones', () => {
  const ledger = new InputLedger(2);
  const a = ledger.record(0, ['a']);
  const b = ledger.record(1, ['b']);
  const c = ledger.record(0, ['c']);
  assert.deepEqual([a, b, c], [1, 2, 3]);
  ledger.settled(0, a);
  assert.deepEqual(ledger.pending(0), [{ seq: 3, lines: ['c'] }]);
  assert.deepEqual(ledger.pending(1), [{ seq: 2, lines: ['b'] }]);
  assert.equal(ledger.size, 2);
});

test('a batch still unsettled after a replacement died with it too is dropped as poison', () => {
  const ledger = new InputLedger(1);
  const seq = ledger.record(0, ['poison']);
  for (let death = 1; death <= MAX_REPLAYS; death++) assert.deepEqual(ledger.died(0), []);
  assert.deepEqual(ledger.died(0), [seq]);
  assert.deepEqual(ledger.pending(0), []);
});
