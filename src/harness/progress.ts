/**
 * A progress line every few seconds while ops run, so a 60 s test does not look hung:
 * elapsed time, client ops invoked and completed, and messages sent so far.
 */
import type { HistoryRecorder } from './recorder.js';
import type { Journal } from './net/journal.js';

/** Starts printing; returns a function that stops it. */
export function startProgress(history: HistoryRecorder, journal: Journal, log: (text: string) => void, everyMs = 10_000): () => void {
  const start = Date.now();
  let seen = 0;
  let invoked = 0;
  let completed = 0;
  const timer = setInterval(() => {
    const ops = history.ops;
    for (; seen < ops.length; seen++) {
      const op = ops[seen];
      if (op.process === 'nemesis') continue;
      if (op.type === 'invoke') invoked++;
      else completed++;
    }
    log(`progress: ${Math.round((Date.now() - start) / 1000)} s, ${invoked} ops invoked, ${completed} completed, ${journal.length} journal events`);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
