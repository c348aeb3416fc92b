// Worker for bench/seen-set: parks on a shared gate, then adds its range and reports how long it took.
import { parentPort, workerData } from 'node:worker_threads';
import { SeenSet } from '../src/shared/seen-set.js';

const { buffer, gate, from, count } = workerData as { buffer: SharedArrayBuffer; gate: SharedArrayBuffer; from: number; count: number };
const set = SeenSet.attach(buffer);
const flags = new Int32Array(gate);
Atomics.add(flags, 1, 1);
Atomics.wait(flags, 0, 0);
const start = performance.now();
let added = 0;
for (let i = 0; i < count; i++) if (set.add(from + i)) added++;
parentPort!.postMessage({ added, ms: performance.now() - start });
