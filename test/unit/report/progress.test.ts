import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Progress, formatSeconds, type ProgressStream } from '../../../src/harness/progress.js';

/** A stream that records writes, a clock the test moves, and a timer the test fires. */
function harness(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  const stream: ProgressStream = { write: (text: string) => writes.push(text), isTTY, columns };
  let now = 0;
  let timer: { ms: number; tick: () => void; cancelled: boolean } | undefined;
  const progress = new Progress({
    stream,
    now: () => now,
    every: (ms, tick) => {
      timer = { ms, tick, cancelled: false };
      return () => (timer!.cancelled = true);
    },
    intervalMs: 5000,
    label: 'broadcast',
  });
  const advance = (ms: number) => {
    now += ms;
    timer?.tick();
  };
  return { writes, progress, advance, timer: () => timer };
}

test('seconds read as tenths below a minute and as minutes and seconds above', () => {
  assert.equal(formatSeconds(0), '0.0s');
  assert.equal(formatSeconds(12.34), '12.3s');
  assert.equal(formatSeconds(125.9), '2m05s');
  assert.equal(formatSeconds(-3), '0.0s');
});

test('piped output gets a plain line at each phase change and then every interval', () => {
  const { writes, progress, advance } = harness(false);
  progress.start();
  advance(1000);
  progress.phase('main', 20);
  for (let i = 0; i < 7; i++) progress.opCompleted('ok');
  progress.opCompleted('fail');
  progress.opCompleted('info');
  for (let i = 0; i < 4; i++) advance(1000); // 5 s since start, 4 s since the last line: nothing yet
  assert.equal(writes.length, 2);
  advance(1000);
  assert.equal(writes.length, 3);
  assert.equal(writes[2], 'broadcast [main] · 6.0s elapsed · 15.0s left in main · 9 ops done (7 ok, 1 fail, 1 info)\n');
  assert.ok(writes.every((w) => w.endsWith('\n') && !w.includes('\r') && !w.includes('\x1b')));
});

test('a terminal gets one line redrawn in place with carriage return and erase-line', () => {
  const { writes, progress, advance, timer } = harness(true);
  progress.start();
  assert.equal(timer()!.ms, 200);
  progress.phase('recovery', 10);
  advance(2500);
  const last = writes[writes.length - 1];
  assert.equal(last, '\rbroadcast [recovery] · 2.5s elapsed · 7.5s left in recovery · 0 ops done (0 ok, 0 fail, 0 info)\x1b[K');
  assert.ok(writes.every((w) => !w.includes('\n')));
});

test('the live line is cut to the terminal width', () => {
  const { writes, progress } = harness(true, 30);
  progress.start();
  const line = writes[0].replace('\r', '').replace('\x1b[K', '');
  assert.equal(line.length, 29);
});

test('logging clears the live line, prints the message, then redraws', () => {
  const { writes, progress } = harness(true);
  progress.start();
  writes.length = 0;
  progress.log('Waiting for recovery...');
  assert.equal(writes[0], '\r\x1b[K');
  assert.equal(writes[1], 'Waiting for recovery...\n');
  assert.match(writes[2], /^\rbroadcast \[setup\]/);
});

test('stop cancels the timer and leaves the last status on its own finished line', () => {
  const { writes, progress, advance, timer } = harness(true);
  progress.start();
  progress.phase('analysis');
  advance(300);
  progress.stop();
  assert.equal(timer()!.cancelled, true);
  assert.match(writes[writes.length - 1], /^\rbroadcast \[analysis\] · 0\.3s elapsed · 0 ops done.*\x1b\[K\n$/);
  const count = writes.length;
  advance(1000);
  progress.stop();
  assert.equal(writes.length, count);
});

test('a phase without an expected length shows no time left', () => {
  const { writes, progress } = harness(false);
  progress.phase('final');
  assert.doesNotMatch(writes[writes.length - 1], /left/);
});
