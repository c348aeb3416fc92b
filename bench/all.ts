/**
 * Every benchmark in one command, printing one JSON document (progress goes to stderr):
 *   framing    main-thread LineSplitter lines/s (bench/framing)
 *   seen-set   SeenSet adds/s with 1, 2 and 4 threads (bench/seen-set)
 *   hop        cross-thread round trip and one-way latency, streamed hops/s (bench/hop)
 *   echo       echo node requests/s vs the plain single-threaded baseline, GLOMERS_WORKERS 0/1/2/4
 *   nodes      echo, broadcast, kafka send requests/s per worker count, init-first and file-fed (bench/node-throughput)
 *   harness    simulated-network messages/s at full load (bench/harness, in a child process)
 *   broadcast  25 nodes at rates 100, 1000, 5000 through glomers test (bench/broadcast): node CPU
 *              seconds per 1000 ops from /proc/<pid>/stat utime+stime, peak RSS per node (VmHWM)
 * Usage: npm run bench  |  node dist-test/bench/all.js [section ...]   (default: every section)
 * The JSON goes to stdout; a short human summary of the headline figures goes to stderr at the end.
 * The whole suite takes about 5 minutes on the 2-core machine.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ECHO_BIN, echoFigures } from './echo-throughput.js';
import { framingFigures } from './framing.js';
import { hopSuite } from './hop.js';
import { seenSetAddsPerSecond } from './seen-set.js';
import { nodeThroughput } from './node-throughput.js';
import { orderedQuantiles } from './support.js';
import { summaryLines } from './summary.js';

const SECTIONS = ['framing', 'seen-set', 'hop', 'echo', 'nodes', 'harness', 'broadcast'] as const;
type Section = (typeof SECTIONS)[number];
const BROADCAST_RATES = [100, 1000, 5000];
const BROADCAST_SECONDS = 10;

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const note = (text: string) => process.stderr.write(`bench: ${text}\n`);

/** Runs a bench script in a child process and parses the JSON it prints. */
function runJson(script: string, args: string[], env: Record<string, string> = {}): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [here(script), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        resolve(JSON.parse(out) as Record<string, unknown>);
      } catch {
        reject(new Error(`${script} ${args.join(' ')} exited ${code} without JSON: ${err.slice(-500)}`));
      }
    });
  });
}

async function seenSet(): Promise<Record<string, unknown>> {
  const samples: Record<string, number[]> = { '1': [], '2': [], '4': [] };
  for (let run = 0; run < 3; run++) for (const threads of Object.keys(samples)) samples[threads].push(await seenSetAddsPerSecond(Number(threads)));
  return {
    ran: '2,000,000 distinct adds into one SeenSet split over 1, 2 or 4 threads, 3 alternating runs (more threads than cores only adds contention)',
    adds_per_s_by_threads: Object.fromEntries(Object.entries(samples).map(([k, xs]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return [k, { median: sorted[1], best: sorted[2] }];
    })),
  };
}

async function harness(): Promise<Record<string, unknown>> {
  const result = await runJson('./harness.js', ['2'], { HARNESS_BENCH_WINDOWS: '2000,10000,20000' });
  const full = result.fullLoad as Record<string, number>;
  return {
    ran: 'node dist-test/bench/harness.js 2 with HARNESS_BENCH_WINDOWS=2000,10000,20000 (25 in-process participants, 100 ms latency, every message journalled)',
    messages_per_s_full_load: full.routedPerSec,
    late_p99_ms_full_load: full.lateP99Ms,
    cpu_us_per_message: full.cpuMicrosPerMessage,
    cpu_bound_messages_per_s: result.cpuBoundPerSec,
    windows: result.windows,
  };
}

async function broadcast(): Promise<Record<string, unknown>> {
  const rates: Record<string, unknown> = {};
  for (const rate of BROADCAST_RATES) {
    note(`broadcast 25 nodes at rate ${rate} for ${BROADCAST_SECONDS} s`);
    const args = ['--modes', 'default', '--seeds', '1', '--partitions', 'off', '--rate', String(rate), '--node-count', '25', '--latency', '100', '--time-limit', String(BROADCAST_SECONDS)];
    const result = await runJson('./broadcast.js', args);
    const run = (result.runs as Record<string, unknown>[])[0];
    const ops = run.ops as number | null;
    rates[String(rate)] = {
      valid: run.valid,
      ops,
      // On 2 shared cores the 25 nodes and the harness may not keep up with the offered rate.
      achieved_ops_per_s: ops ? Math.round(ops / BROADCAST_SECONDS) : null,
      node_cpu_seconds: run.nodeCpuSeconds,
      node_cpu_seconds_per_1000_ops: ops ? Number((((run.nodeCpuSeconds as number) / ops) * 1000).toFixed(3)) : null,
      max_node_cpu_seconds: run.maxNodeCpuSeconds,
      peak_rss_mb_per_node_max: run.peakRssMb,
      nodes_observed: run.nodesObserved,
      servers_msgs_per_op: run.serversMsgsPerOp,
      stable_latencies_ms: orderedQuantiles(run.stableLatencies),
      lost: run.lostCount,
      fail_ops: run.failCount,
      info_ops: run.infoCount,
      wall_seconds: run.wallSeconds,
    };
  }
  return {
    ran: `node dist-test/bench/broadcast.js --modes default --seeds 1 --partitions off --node-count 25 --latency 100 --time-limit ${BROADCAST_SECONDS} --rate R, R in ${BROADCAST_RATES.join(', ')}; CPU is utime+stime from /proc/<pid>/stat summed over the 25 node processes (every thread), peak RSS is the largest node's VmHWM`,
    by_rate: rates,
  };
}

const RUNNERS: Record<Section, () => Promise<unknown>> = {
  framing: async () => ({ ran: '500,000 echo lines in 64 KiB chunks through LineSplitter, median of 5', ...framingFigures() }),
  'seen-set': seenSet,
  hop: async () => ({ ran: 'worker_threads port, batches of 1 and 100 lines: ping-pong latency and streamed throughput', ...(await hopSuite()) }),
  echo: async () => {
    // The last variant is the default node with GLOMERS_TRACE on: what recording a trace costs.
    const traces = mkdtempSync(join(os.tmpdir(), 'glomers-bench-trace-'));
    const traced = { name: 'glomers, 1 handler worker, GLOMERS_TRACE on', script: ECHO_BIN, env: { GLOMERS_WORKERS: '1', GLOMERS_TRACE: traces } };
    try {
      return {
        ran: '100,000 echo requests piped into one node process after init_ok, 3 alternating rounds, median; GLOMERS_WORKERS 0 is the inline (no threads) mode',
        ...(await echoFigures(100_000, 3, [0, 1, 2, 4], [traced])),
      };
    } finally {
      rmSync(traces, { recursive: true, force: true });
    }
  },
  nodes: async () => ({
    ran: 'node dist-test/bench/node-throughput.js 50000 3: echo, broadcast and kafka send into one node process with GLOMERS_WORKERS 0/1/2/4 against a plain one-thread node, init-first (as Maelstrom) and file-fed (input before init); file-fed rates include start-up',
    ...(await nodeThroughput(50_000, 3)),
  }),
  harness,
  broadcast,
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(SECTIONS as readonly string[]).includes(name));
if (unknown.length > 0) {
  process.stderr.write(`bench/all: unknown section(s) ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}\n`);
  process.exit(2);
}
const chosen = (asked.length > 0 ? asked : SECTIONS) as Section[];
const started = performance.now();
const figures: Record<string, unknown> = {};
const seconds: Record<string, number> = {};
for (const section of chosen) {
  note(`${section}...`);
  const t0 = performance.now();
  try {
    figures[section] = await RUNNERS[section]();
  } catch (error) {
    figures[section] = { error: (error as Error).message };
  }
  seconds[section] = Number(((performance.now() - t0) / 1000).toFixed(1));
}
console.log(JSON.stringify({
  bench: 'all',
  command: `node dist-test/bench/all.js ${chosen.join(' ')}`,
  node: process.version,
  cores: os.availableParallelism(),
  cpu: os.cpus()[0]?.model,
  load_average_at_end: os.loadavg().map((x) => Number(x.toFixed(2))),
  seconds_per_section: seconds,
  total_seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  figures,
}, null, 2));
process.stderr.write(summaryLines(figures).join('\n') + '\n');
