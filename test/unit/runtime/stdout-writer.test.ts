import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { StdoutWriter } from '../../../src/main/stdout-writer.js';

/** A stream that records each write() and says "full" until told to drain. */
class SlowStream extends Writable {
  chunks: string[] = [];
  full = false;
  override write(chunk: unknown): boolean {
    this.chunks.push(String(chunk));
    return !this.full;
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

test('chunks queued in one turn leave in one write', async () => {
  const stream = new SlowStream();
  const writer = new StdoutWriter(stream);
  writer.write('a\n');
  writer.write('b\n');
  writer.write('c\n');
  assert.deepEqual(stream.chunks, [], 'nothing is written synchronously');
  await turn();
  assert.deepEqual(stream.chunks, ['a\nb\nc\n']);
});

test('after write() returns false nothing more is written until drain, and input is paused meanwhile', async () => {
  const stream = new SlowStream();
  const events: boolean[] = [];
  const writer = new StdoutWriter(stream, (blocked) => events.push(blocked));
  stream.full = true;
  writer.write('1\n');
  await turn();
  writer.write('2\n');
  writer.write('3\n');
  await turn();
  await turn();
  assert.deepEqual(stream.chunks, ['1\n']);
  assert.deepEqual(events, [true]);
  let idle = false;
  void writer.idle().then(() => (idle = true));
  await turn();
  assert.equal(idle, false, 'not idle while output waits for drain');
  stream.full = false;
  stream.emit('drain');
  await turn();
  assert.deepEqual(stream.chunks, ['1\n', '2\n3\n']);
  assert.deepEqual(events, [true, false]);
  await turn();
  assert.equal(idle, true);
  assert.equal(writer.stalls, 1);
});

test('a failed stdout (reader gone) is reported once, drops later output, and does not leave idle() hanging', async () => {
  const stream = new SlowStream();
  const failures: Error[] = [];
  const writer = new StdoutWriter(stream, () => {}, (error) => failures.push(error));
  stream.full = true;
  writer.write('1\n');
  await turn();
  writer.write('2\n');
  const idle = writer.idle();
  stream.emit('error', new Error('write EPIPE'));
  await idle;
  writer.write('3\n');
  await turn();
  assert.deepEqual(stream.chunks, ['1\n']);
  assert.deepEqual(failures.map((e) => e.message), ['write EPIPE']);
});
