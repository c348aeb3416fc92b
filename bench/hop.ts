// Cross-thread hop cost: what one main→worker→main round trip of a line batch costs over a
// worker_threads port (the runtime's data path), as ping-pong (one message in flight: latency)
// and as a stream (many in flight: throughput), for batches of 1 and 100 echo lines. One-way
// latencies use the clock GLOMERS_TRACE uses. Run alone it prints JSON.
//   node dist-test/bench/hop.js
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

interface Reply {
  sentAt: number;
  receivedAt: number;
  repliedAt: number;
  lines: string[];
}

const now = (): number => performance.timeOrigin + performance.now();

function quantile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** Round-trip and one-way figures for batches of `batch` lines. */
export async function hopFigures(batch: number, pings = 20_000, streamed = 100_000): Promise<Record<string, number>> {
  const worker = new Worker(new URL('./hop-worker.js', import.meta.url));
  const lines = Array.from({ length: batch }, (_, i) => `{"src":"c1","dest":"n0","body":{"type":"echo","echo":"Please echo ${i}","msg_id":${i}}}`);
  const next = () => new Promise<Reply>((resolve) => worker.once('message', resolve));
  // Warm up both sides' JIT.
  for (let i = 0; i < 1000; i++) {
    const reply = next();
    worker.postMessage({ type: 'lines', lines, sentAt: now() });
    await reply;
  }
  const rtt: number[] = [];
  const toWorker: number[] = [];
  const toMain: number[] = [];
  for (let i = 0; i < pings; i++) {
    const reply = next();
    const sentAt = now();
    worker.postMessage({ type: 'lines', lines, sentAt });
    const r = await reply;
    const back = now();
    rtt.push((back - sentAt) * 1000);
    toWorker.push((r.receivedAt - sentAt) * 1000);
    toMain.push((back - r.repliedAt) * 1000);
  }
  let received = 0;
  const done = new Promise<void>((resolve) => worker.on('message', () => ++received === streamed && resolve()));
  const start = performance.now();
  for (let i = 0; i < streamed; i++) worker.postMessage({ type: 'lines', lines, sentAt: 0 });
  await done;
  const seconds = (performance.now() - start) / 1000;
  await worker.terminate();
  for (const xs of [rtt, toWorker, toMain]) xs.sort((a, b) => a - b);
  const us = (x: number) => Number(x.toFixed(1));
  return {
    round_trip_p50_us: us(quantile(rtt, 0.5)),
    round_trip_p99_us: us(quantile(rtt, 0.99)),
    main_to_worker_p50_us: us(quantile(toWorker, 0.5)),
    main_to_worker_p99_us: us(quantile(toWorker, 0.99)),
    worker_to_main_p50_us: us(quantile(toMain, 0.5)),
    worker_to_main_p99_us: us(quantile(toMain, 0.99)),
    streamed_round_trips_per_s: Math.round(streamed / seconds),
    streamed_lines_per_s: Math.round((streamed * batch) / seconds),
  };
}

/** The figures for single-line and 100-line batches. */
export async function hopSuite(): Promise<Record<string, Record<string, number>>> {
  return { batch_of_1_line: await hopFigures(1), batch_of_100_lines: await hopFigures(100, 5_000, 20_000) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ran = 'worker_threads port ping-pong (20k batches of 1 line, 5k of 100) and streams (100k / 20k in flight); one-way times on performance.timeOrigin + now()';
  console.log(JSON.stringify({ bench: 'cross-thread hop', ran, node: process.version, cores: availableParallelism(), figures: await hopSuite() }, null, 2));
}
