/**
 * The network's wake-up timer. setTimeout alone fires 0.6 ms late at the median (libuv's loop
 * clock is whole milliseconds, so a timer is rounded up to the next tick), which on a 25-hop line
 * adds up (issue 13 item 7). The precise timer instead parks a helper thread in Atomics.wait, whose
 * timeout has microsecond resolution, until just before the deadline; the thread's message wakes
 * the event loop, which polls the clock on setImmediate (I/O still runs between polls) for the
 * last EARLY_MS. Measured on Node 20, 2 cores: setTimeout p50/p99 late 0.62 / 1.09 ms; the thread
 * alone 0.11 / 0.50 ms (the message hop); thread + short poll 0.00x / under 0.1 ms. A spin of
 * up to 1 ms instead of the thread is as precise but burns a core at a few hundred wakes a second.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

/** One re-armable wake-up: `set` replaces any pending one. */
export interface WakeTimer {
  /** Calls `fn` once, `waitMs` (fractional) from now. */
  set(waitMs: number, fn: () => void): void;
  /** Cancels the pending wake-up. */
  clear(): void;
  /** Releases any resources (the helper thread). */
  close(): void;
}

/** How long before the deadline the helper thread wakes the loop, which then polls the clock. */
export const EARLY_MS = 0.25;
/**
 * After a quiet spell the thread wakes the loop this early instead: waking an idle process takes
 * the OS longer (the p99 at 100 msgs/s was 1.3-2 ms with EARLY_MS), and sparse wakes make the
 * longer poll cheap.
 */
export const EARLY_IDLE_MS = 1.2;
/** A wake this long after the previous one counts as after a quiet spell. */
const IDLE_AFTER_MS = 5;
/** Waits shorter than this skip the thread and poll at once. */
const POLL_ONLY_MS = 0.5;
/** A poll that has run this long (a wait the thread missed) falls back to a plain timer tick. */
const POLL_GIVE_UP_MS = 3;

/** The ms-granular timer the network used before: setTimeout rounded up, setImmediate when due. */
export function coarseTimer(): WakeTimer {
  let timeout: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  const clear = () => {
    if (timeout) clearTimeout(timeout);
    if (immediate) clearImmediate(immediate);
    timeout = immediate = undefined;
  };
  return {
    set(waitMs, fn) {
      clear();
      if (waitMs <= 0) immediate = setImmediate(fn);
      else timeout = setTimeout(fn, Math.ceil(waitMs));
    },
    clear,
    close: clear,
  };
}

// The helper thread: waits on slot 0 (a generation counter) until the target in slot 1 (epoch ms,
// high resolution), posts the generation it woke for, and never fires one generation twice; slot 1
// set means exit.
const THREAD_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const gen = new Int32Array(workerData, 0, 2);
const target = new Float64Array(workerData, 8, 1);
let fired;
for (;;) {
  const g = Atomics.load(gen, 0);
  if (Atomics.load(gen, 1) !== 0) break;
  const wait = target[0] - (performance.timeOrigin + performance.now());
  if (g === fired || Number.isNaN(wait)) Atomics.wait(gen, 0, g);
  else if (wait > 0) Atomics.wait(gen, 0, g, wait);
  else { fired = g; parentPort.postMessage(g); }
}`;

/** The precise timer described above. The helper thread is started on first use and unref'd. */
export function preciseTimer(): WakeTimer {
  let worker: Worker | undefined;
  let shared: { gen: Int32Array; target: Float64Array } | undefined;
  let due = Infinity;
  let callback: (() => void) | undefined;
  let pollStart = 0;
  let lastWake = 0;
  let immediate: NodeJS.Immediate | undefined;
  let fallback: NodeJS.Timeout | undefined;

  const poll = () => {
    immediate = undefined;
    fallback = undefined;
    if (!callback) return;
    const now = performance.now();
    if (now >= due) {
      lastWake = now;
      const fn = callback;
      callback = undefined;
      due = Infinity;
      fn();
    } else if (now - pollStart > POLL_GIVE_UP_MS) {
      fallback = setTimeout(startPoll, Math.max(0, Math.floor(due - now - EARLY_MS)));
    } else immediate = setImmediate(poll);
  };
  const startPoll = () => {
    if (!callback || immediate) return;
    pollStart = performance.now();
    // Never call back synchronously: set() runs inside the network's send.
    immediate = setImmediate(poll);
  };
  const thread = () => {
    if (!shared) {
      const buffer = new SharedArrayBuffer(16);
      shared = { gen: new Int32Array(buffer, 0, 2), target: new Float64Array(buffer, 8, 1) };
      shared.target[0] = NaN;
      worker = new Worker(THREAD_SOURCE, { eval: true, workerData: buffer });
      worker.unref();
      worker.on('message', (g: number) => {
        if (shared && g === Atomics.load(shared.gen, 0)) startPoll();
      });
      worker.on('error', () => (worker = undefined));
    }
    return shared;
  };
  const clear = () => {
    callback = undefined;
    due = Infinity;
    if (immediate) clearImmediate(immediate);
    if (fallback) clearTimeout(fallback);
    immediate = fallback = undefined;
    if (shared) {
      shared.target[0] = NaN;
      Atomics.add(shared.gen, 0, 1);
    }
  };
  return {
    set(waitMs, fn) {
      clear();
      callback = fn;
      due = performance.now() + Math.max(0, waitMs);
      if (waitMs <= POLL_ONLY_MS) return startPoll();
      const { gen, target } = thread();
      const early = due - lastWake > IDLE_AFTER_MS ? EARLY_IDLE_MS : EARLY_MS;
      target[0] = performance.timeOrigin + due - early;
      Atomics.add(gen, 0, 1);
      Atomics.notify(gen, 0);
    },
    clear,
    close() {
      clear();
      if (shared) {
        Atomics.store(shared.gen, 1, 1);
        Atomics.add(shared.gen, 0, 1);
        Atomics.notify(shared.gen, 0);
      }
      void worker?.terminate();
      worker = undefined;
      shared = undefined;
    },
  };
}
