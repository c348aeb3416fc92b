import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CRASHY = fileURLToPath(new URL('../fixtures/runtime-crashy.js', import.meta.url));

test('a node slower than its input stops reading stdin instead of queueing everything in memory', { timeout: 60_000 }, async () => {
  const child = spawn(CRASHY, [], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, GLOMERS_WORKERS: '1', GLOMERS_LOG: 'warn' } });
  let replies = 0;
  child.stdout!.on('data', (d: Buffer) => {
    for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) replies++;
  });
  const padding = 'x'.repeat(400);
  const lines = ['{"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0"],"msg_id":1}}'];
  for (let i = 0; i < 50_000; i++) lines.push(`{"src":"c1","dest":"n0","body":{"type":"slow","pad":"${padding}","msg_id":${i + 2}}}`);
  const input = Buffer.from(lines.join('\n') + '\n'); // about 22 MB: 50 s of work at 1 ms each
  child.stdin!.on('error', () => {}); // EPIPE once the node is killed below
  // Hand the input over in 64 KB pieces and count the bytes the pipe has accepted: beyond the pipe's
  // own buffer, that is what the node has read.
  let accepted = 0;
  for (let at = 0; at < input.length; at += 65536) {
    const piece = input.subarray(at, at + 65536);
    child.stdin!.write(piece, (error) => {
      if (!error) accepted += piece.length;
    });
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  // Without flow control main reads all 22 MB into the worker's port within a second or two.
  assert.ok(accepted < 12_000_000, `the node took only ${accepted} bytes so far`);
  assert.ok(replies > 0, 'and it is working through them');
  child.kill();
  await new Promise((resolve) => child.on('close', resolve));
});
