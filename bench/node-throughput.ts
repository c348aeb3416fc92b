/**
 * Requests per second through one node process, per workload and handler-worker count (issue 16
 * item 4): echo, broadcast and kafka send, each on dist/bin/<node>.js with GLOMERS_WORKERS 0
 * (inline, no threads), 1, 2 and 4, against a plain single-threaded node (bench/baseline-node).
 * Two ways of feeding it: `init-first` (as Maelstrom: init, wait for init_ok, then every request
 * at once through the pipe) and `file-fed` (init and every request written at once, so the input
 * arrives before init is done). Rates count from the first write to the last reply; runs alternate
 * between variants so they share the machine's noise; medians of `rounds`.
 * Usage: node dist-test/bench/node-throughput.js [requests=100000] [rounds=3]
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runOnce } from './echo-throughput.js';
import { machine } from './support.js';

const bin = (name: string) => fileURLToPath(new URL(`../../dist/bin/${name}.js`, import.meta.url));
const BASELINE = fileURLToPath(new URL('./baseline-node.js', import.meta.url));

/** What a lone node is sent, per workload: the node binary and the i-th request body. */
const WORKLOADS: Record<string, { bin: string; request: (i: number) => Record<string, unknown> }> = {
  echo: { bin: bin('echo'), request: (i) => ({ type: 'echo', echo: `Please echo ${i % 128}` }) },
  broadcast: { bin: bin('broadcast'), request: (i) => ({ type: 'broadcast', message: i }) },
  'kafka send': { bin: bin('kafka'), request: (i) => ({ type: 'send', key: String(i % 10), msg: i }) },
};
export const WORKER_COUNTS = [0, 1, 2, 4] as const;
export const FEEDS = ['init-first', 'file-fed'] as const;

function input(workload: string, requests: number): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < requests; i++) lines.push(JSON.stringify({ src: `c${1 + (i % 10)}`, dest: 'n0', body: { ...WORKLOADS[workload].request(i), msg_id: 2 + i } }));
  return Buffer.from(lines.join('\n') + '\n');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** requests/s per workload, feed and variant ('baseline', 'workers=N'), with ratios to the baseline and to 1 worker. */
export async function nodeThroughput(requests = 100_000, rounds = 3): Promise<Record<string, unknown>> {
  const variants = [{ name: 'baseline', script: BASELINE, env: {} }, ...WORKER_COUNTS.map((n) => ({ name: `workers=${n}`, script: '', env: { GLOMERS_WORKERS: String(n) } }))];
  const out: Record<string, unknown> = {};
  for (const workload of Object.keys(WORKLOADS)) {
    const data = input(workload, requests);
    for (const feed of FEEDS) {
      const seconds = new Map<string, number[]>(variants.map((v) => [v.name, []]));
      for (let round = 0; round < rounds; round++) {
        for (const v of variants) seconds.get(v.name)!.push((await runOnce({ name: `${workload} ${v.name}`, script: v.script || WORKLOADS[workload].bin, env: v.env }, data, requests, feed)).steady);
      }
      const rate = Object.fromEntries(variants.map((v) => [v.name, Math.round(requests / median(seconds.get(v.name)!))]));
      const ratio = (to: string) => Object.fromEntries(variants.filter((v) => v.name !== to).map((v) => [v.name, Number((rate[v.name] / rate[to]).toFixed(2))]));
      out[`${workload}, ${feed}`] = { requests_per_s: rate, ratio_vs_baseline: ratio('baseline'), ratio_vs_1_worker: ratio('workers=1') };
    }
  }
  return out;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const requests = Number(process.argv[2] ?? 100_000);
  const rounds = Number(process.argv[3] ?? 3);
  const figures = await nodeThroughput(requests, rounds);
  console.log(JSON.stringify({ bench: 'node-throughput', ran: `${requests} requests per run into one node process, ${rounds} alternating rounds, median`, ...machine(), figures }, null, 2));
}
