// SeenSet insert throughput: worker threads add disjoint ranges into one shared set at once
// (released together through Atomics.notify). Run alone it prints JSON for 1 and 2 threads.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { SeenSet } from '../src/shared/seen-set.js';

/**
 * Adds per second when `threads` threads insert `total` values between them (disjoint ranges) into
 * one set of capacity `total`: the same table size for every thread count, so a second thread is
 * compared against the same memory footprint. Wall time from release to the last thread's finish.
 */
export async function seenSetAddsPerSecond(threads: number, total = 2_000_000): Promise<number> {
  const perThread = Math.floor(total / threads);
  const set = SeenSet.create(threads * perThread);
  const gate = new Int32Array(new SharedArrayBuffer(8));
  const workers = Array.from({ length: threads }, (_, t) =>
    new Worker(new URL('./seen-set-worker.js', import.meta.url), { workerData: { buffer: set.buffer, gate: gate.buffer, from: t * perThread, count: perThread } }),
  );
  const done = workers.map((w) => new Promise<{ added: number; ms: number }>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  }));
  while (Atomics.load(gate, 1) < threads) await new Promise((r) => setTimeout(r, 1));
  const start = performance.now();
  Atomics.store(gate, 0, 1);
  Atomics.notify(gate, 0);
  const results = await Promise.all(done);
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(workers.map((w) => w.terminate()));
  const added = results.reduce((sum, r) => sum + r.added, 0);
  if (added !== threads * perThread || set.size !== added) throw new Error(`seen-set lost values: ${added} added, size ${set.size}`);
  return Math.round(added / seconds);
}

/** Median and best of `runs` alternating measurements for 1 and 2 threads (the machine is shared and noisy). */
export async function seenSetFigures(runs = 5): Promise<Record<string, { median: number; best: number }>> {
  const samples: Record<string, number[]> = { '1 thread': [], '2 threads': [] };
  for (let run = 0; run < runs; run++) {
    samples['1 thread'].push(await seenSetAddsPerSecond(1));
    samples['2 threads'].push(await seenSetAddsPerSecond(2));
  }
  return Object.fromEntries(Object.entries(samples).map(([k, xs]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return [k, { median: sorted[Math.floor(sorted.length / 2)], best: sorted[sorted.length - 1] }];
  }));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ran = '2,000,000 adds of distinct values into one SeenSet of that capacity, split over 1 or 2 threads; 5 alternating runs';
  console.log(JSON.stringify({ bench: 'seen-set', ran, node: process.version, cores: availableParallelism(), figures: { adds_per_s: await seenSetFigures() } }, null, 2));
}
