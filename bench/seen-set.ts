// SeenSet insert throughput: `threads` worker threads add disjoint ranges into one shared set at
// once (released together through Atomics.notify). Run alone it prints JSON for 1 and 2 threads.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { SeenSet } from '../src/shared/seen-set.js';

/** Adds per second across `threads` threads inserting `perThread` values each (wall time). */
export async function seenSetAddsPerSecond(threads: number, perThread = 2_000_000): Promise<number> {
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

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures: Record<string, number> = {};
  for (const threads of [1, 2]) figures[`adds_per_s_${threads}_thread${threads > 1 ? 's' : ''}`] = await seenSetAddsPerSecond(threads);
  console.log(JSON.stringify({ bench: 'seen-set', node: process.version, cores: availableParallelism(), figures }, null, 2));
}
