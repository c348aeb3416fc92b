// Echo requests per second through one node process fed by a pipe: the glomers runtime (handler
// worker threads, batched stdout) against a baseline node written the plain way (readline,
// JSON.parse, one stdout.write per reply), in the same run, alternating runs to share the noise.
// Also SeenSet adds per second with 1 and 2 threads. Prints JSON.
//   node dist-test/bench/echo-throughput.js [requests=200000] [rounds=3]
import { spawn } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { seenSetFigures } from './seen-set.js';

/** The glomers echo node. */
export const ECHO_BIN = fileURLToPath(new URL('../../dist/bin/echo.js', import.meta.url));
const BASELINE = fileURLToPath(new URL('./baseline-node.js', import.meta.url));

/** One node process setup to measure: a script and its extra environment. */
export interface Variant {
  name: string;
  script: string;
  env: Record<string, string>;
}
const BASELINE_NAME = 'baseline (readline, JSON.parse, write per reply)';

/** The baseline, then the glomers echo node with each worker count (0 = inline, no threads). */
function variantsFor(workerCounts: readonly number[]): Variant[] {
  const name = (n: number) =>
    n === 0 ? 'glomers inline (GLOMERS_WORKERS=0, no threads)' : `glomers, ${n} handler worker${n === 1 ? ' (default)' : 's'}`;
  return [
    { name: BASELINE_NAME, script: BASELINE, env: {} },
    ...workerCounts.map((n) => ({ name: name(n), script: ECHO_BIN, env: { GLOMERS_WORKERS: String(n) } })),
  ];
}

const INIT = '{"id":0,"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0"],"msg_id":1}}\n';

/** The requests after init: `requests` echo requests from 10 clients, as one buffer. */
function input(requests: number): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < requests; i++) {
    lines.push(`{"id":${i + 1},"src":"c${1 + (i % 10)}","dest":"n0","body":{"type":"echo","echo":"Please echo ${i % 128}","msg_id":${2 + Math.floor(i / 10)}}}`);
  }
  return Buffer.from(lines.join('\n') + '\n');
}

/**
 * `init-first`, like Maelstrom: send init, wait for init_ok, then send the requests (all at once,
 * through the pipe); `steady` is seconds from writing the first request to reading the last reply.
 * `file-fed`: init and the requests are written at once, as from a file; `steady` counts from that
 * write. `total` also counts process and thread start-up.
 */
export function runOnce(variant: Variant, data: Buffer, requests: number, feed: 'init-first' | 'file-fed' = 'init-first'): Promise<{ total: number; steady: number }> {
  const child = spawn(process.execPath, [variant.script], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, GLOMERS_LOG: 'warn', ...variant.env } });
  const expected = requests + 1;
  let seen = 0;
  let first = 0;
  const start = performance.now();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.stdout.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) seen++;
      if (first === 0) {
        first = performance.now();
        child.stdin.end(data);
      }
      if (seen !== expected) return;
      const end = performance.now();
      resolve({ total: (end - start) / 1000, steady: (end - first) / 1000 });
    });
    child.on('close', (code) => {
      if (seen !== expected) reject(new Error(`${variant.name}: ${seen} of ${expected} replies, exit ${code}`));
    });
    if (feed === 'file-fed') {
      first = performance.now();
      child.stdin.end(Buffer.concat([Buffer.from(INIT), data]));
    } else child.stdin.write(INIT);
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Requests per second of each variant (median and best of `rounds` alternating runs) and their
 * ratios to the baseline, for the glomers node with each of `workerCounts` handler workers, then
 * any `extra` variants.
 */
export async function echoFigures(requests = 200_000, rounds = 3, workerCounts: readonly number[] = [1, 2, 0], extra: readonly Variant[] = []): Promise<Record<string, unknown>> {
  const variants = [...variantsFor(workerCounts), ...extra];
  const data = input(requests);
  const steady = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const total = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) {
      const run = await runOnce(variant, data, requests);
      steady.get(variant.name)!.push(run.steady);
      total.get(variant.name)!.push(run.total);
    }
  }
  const rate = (runs: Map<string, number[]>) => Object.fromEntries(variants.map((v) => [v.name, Math.round(requests / median(runs.get(v.name)!))]));
  const ratio = (rates: Record<string, number>) =>
    Object.fromEntries(variants.slice(1).map((v) => [v.name, Number((rates[v.name] / rates[variants[0].name]).toFixed(2))]));
  const throughput = rate(steady);
  const best = Object.fromEntries(variants.map((v) => [v.name, Math.round(requests / Math.min(...steady.get(v.name)!))]));
  const endToEnd = rate(total);
  return {
    requests_per_s: throughput,
    ratio_vs_baseline: ratio(throughput),
    best_requests_per_s: best,
    best_ratio_vs_baseline: ratio(best),
    requests_per_s_including_startup: endToEnd,
    ratio_vs_baseline_including_startup: ratio(endToEnd),
    steady_seconds_per_round: Object.fromEntries([...steady].map(([k, v]) => [k, v.map((s) => Number(s.toFixed(3)))])),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const requests = Number(process.argv[2] ?? 200_000);
  const rounds = Number(process.argv[3] ?? 3);
  console.log(JSON.stringify({
    bench: 'echo-throughput',
    ran: `${requests} echo requests piped into one node process, ${rounds} alternating rounds, median; like Maelstrom, requests are sent once init_ok is back; requests_per_s counts from the first request written to the last reply read`,
    node: process.version,
    cores: availableParallelism(),
    cpu: cpus()[0]?.model,
    figures: { ...(await echoFigures(requests, rounds)), seen_set_adds_per_s: await seenSetFigures() },
  }, null, 2));
}
