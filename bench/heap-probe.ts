/**
 * Heap probe for bench/memory: loaded into every thread of a node process with
 * `NODE_OPTIONS=--import <this file>` (Node runs --import preloads in worker threads too), so the
 * product carries no measuring code. RSS alone cannot tell a leak from V8 growing its heap
 * reservation: a busy thread's heap limit keeps rising while its live data stays put. So each
 * thread writes one stderr line per HEAP_PROBE_MS with its isolate's heap in use,
 * its committed heap, and its live heap: what was still in use right after the latest full
 * (mark-compact) GC, which is the figure a leak makes grow.
 *
 * V8 runs few full GCs on a small heap (one a minute or less here), so HEAP_PROBE_FULL_GC_MS=N
 * forces one every N ms for a dense live series; the RSS then measured is that of a node which
 * collects more eagerly than V8 would, which bench/memory says beside its figures.
 *
 * Inert unless HEAP_PROBE_MS is set, so bench/memory can import the prefix without probing itself.
 *
 *   glomers-heap {"thread":"main","at":<Date.now()>,"usedKiB":..,"totalKiB":..,"liveKiB":..|null,"majorGcs":..}
 */
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isMainThread, threadId } from 'node:worker_threads';

/** The prefix bench/memory looks for in node logs. */
export const HEAP_PROBE_PREFIX = 'glomers-heap ';

const periodMs = Number(process.env.HEAP_PROBE_MS);
if (periodMs > 0) startProbe(periodMs, Number(process.env.HEAP_PROBE_FULL_GC_MS) || 0);

function startProbe(everyMs: number, fullGcMs: number): void {
  const thread = isMainThread ? 'main' : `worker-${threadId}`;
  const kib = (bytes: number): number => Math.round(bytes / 1024);
  let liveKiB: number | null = null;
  let majorGcs = 0;

  // The observer runs a tick after the GC it reports, so the heap read then is the survivors plus
  // at most that tick's allocations: close enough to the live size, and comparable run to run.
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<PerformanceEntry & { detail?: { kind?: number } }>) {
      if (entry.detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      majorGcs++;
      liveKiB = kib(getHeapStatistics().used_heap_size);
    }
  });
  observer.observe({ entryTypes: ['gc'] });

  const timer = setInterval(() => {
    const heap = getHeapStatistics();
    const line = { thread, at: Date.now(), usedKiB: kib(heap.used_heap_size), totalKiB: kib(heap.total_heap_size), liveKiB, majorGcs };
    process.stderr.write(`${HEAP_PROBE_PREFIX}${JSON.stringify(line)}\n`);
  }, everyMs);
  // Never the reason a node stays up.
  timer.unref();

  if (fullGcMs > 0) {
    // gc() exists only with --expose-gc; setting the flag now and reading gc in a new context
    // gets it without changing the node's command line.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    setInterval(gc, fullGcMs).unref();
  }
}
