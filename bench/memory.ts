/**
 * Node memory under load (issue 9): a broadcast run at --rate 1000 with 25 nodes and --latency 100
 * for 120 s, sampling every node process's RSS (/proc/<pid>/status VmRSS) once a second through
 * the harness's onNodes hook. Prints JSON: per node the first/min/max/last RSS and the growth over
 * the second half of the main phase (least-squares slope in MiB/min, and last − first), plus each
 * node's series at 10 s steps. "Bounded" means every node's second-half slope stays under 2% of
 * its RSS per minute (flat, allowing GC sawtooth).
 *
 * Usage (repo root, after the build):
 *   node dist-test/bench/memory.js [bin=dist/bin/broadcast.js] [time-limit-s=120]
 *   MEMORY_SERIES_STEP_S=1 prints every sample.
 */
import { readFileSync, rmSync } from 'node:fs';
import { main } from '../src/harness/cli.js';
import { runTest, type RunOutcome } from '../src/harness/run.js';
import { machine } from './support.js';

const BIN = process.argv[2] ?? 'dist/bin/broadcast.js';
const TIME_LIMIT_S = Number(process.argv[3] ?? 120);
const STEP_S = Number(process.env.MEMORY_SERIES_STEP_S ?? 10);
const STORE = process.env.MEMORY_STORE ?? 'store/memory';
const ARGV = ['-w', 'broadcast', '--bin', BIN, '--node-count', '25', '--time-limit', String(TIME_LIMIT_S), '--rate', '1000', '--latency', '100', '--seed', '1'];

/** One second's reading: seconds since the nodes spawned, and RSS in KiB per node (undefined once gone). */
interface Sample {
  t: number;
  rssKiB: Array<number | undefined>;
  harnessKiB: number;
}

function vmRssKiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined; // exited
  }
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const mib = (kib: number): number => Math.round((kib / 1024) * 10) / 10;

const samples: Sample[] = [];
let nodes: ReadonlyArray<{ id: string; pid: number | undefined }> = [];
let spawnedAt = 0;
let mainStart: number | undefined;
let mainEnd: number | undefined;
let timer: NodeJS.Timeout | undefined;
const since = (): number => (performance.now() - spawnedAt) / 1000;

let outcome: RunOutcome | undefined;
let errors = '';
const started = performance.now();
const exitCode = await main(
  ['test', ...ARGV, '--store', STORE],
  {
    test: async (options) => {
      outcome = await runTest(options, {
        print: (line) => {
          if (line.includes('Relative time begins now')) mainStart = since();
          if (line.includes('Waiting for recovery')) mainEnd = since();
        },
        onNodes: (spawned) => {
          nodes = spawned;
          spawnedAt = performance.now();
          timer = setInterval(() => {
            samples.push({ t: Math.round(since() * 10) / 10, rssKiB: nodes.map((n) => vmRssKiB(n.pid)), harnessKiB: Math.round(process.memoryUsage().rss / 1024) });
          }, 1000);
        },
      });
      return outcome.exitCode;
    },
  },
  { out: () => undefined, err: (s) => (errors += s) },
);
clearInterval(timer);

// The second half of the main phase: where a leak shows as a slope and a bounded node is flat.
const from = (mainStart ?? 0) + TIME_LIMIT_S / 2;
const to = mainEnd ?? (mainStart ?? 0) + TIME_LIMIT_S;
const perNode = nodes.map((node, i) => {
  const series = samples.map((s) => [s.t, s.rssKiB[i]] as const).filter((p): p is readonly [number, number] => p[1] !== undefined);
  const values = series.map(([, v]) => v);
  const half = series.filter(([t]) => t >= from && t <= to).map(([t, v]) => [t, v] as [number, number]);
  const slopeMiBPerMin = (slope(half) * 60) / 1024;
  const meanHalf = half.reduce((s, [, v]) => s + v, 0) / Math.max(1, half.length);
  return {
    node: node.id,
    pid: node.pid,
    samples: series.length,
    firstMiB: mib(values[0] ?? 0),
    minMiB: mib(Math.min(...values)),
    maxMiB: mib(Math.max(...values)),
    lastMiB: mib(values.at(-1) ?? 0),
    secondHalf: {
      fromS: Math.round(from),
      toS: Math.round(to),
      firstMiB: mib(half[0]?.[1] ?? 0),
      lastMiB: mib(half.at(-1)?.[1] ?? 0),
      growthMiB: mib((half.at(-1)?.[1] ?? 0) - (half[0]?.[1] ?? 0)),
      slopeMiBPerMin: Math.round(slopeMiBPerMin * 100) / 100,
      slopePercentPerMin: Math.round(((slopeMiBPerMin * 1024) / Math.max(1, meanHalf)) * 10000) / 100,
    },
    series: series.filter(([t], k) => k === series.length - 1 || Math.round(t) % STEP_S === 0).map(([t, v]) => [Math.round(t), mib(v)]),
  };
});
const results = outcome?.results;
const figures = results as Record<string, Record<string, unknown>> | undefined;
const worst = perNode.reduce((a, b) => (b.secondHalf.slopePercentPerMin > a.secondHalf.slopePercentPerMin ? b : a), perNode[0]);
const bounded = perNode.every((n) => n.secondHalf.slopePercentPerMin < 2);
if (outcome && outcome.exitCode === 0 && !process.env.MEMORY_KEEP) rmSync(outcome.dir, { recursive: true, force: true });
console.log(
  JSON.stringify(
    {
      bench: 'memory',
      ...machine(),
      command: ['glomers', 'test', ...ARGV].join(' '),
      exitCode,
      error: outcome ? undefined : errors.trim().split('\n').at(-1),
      valid: results?.['valid?'],
      ops: figures?.stats?.count,
      serversMsgsPerOp: (figures?.net?.servers as Record<string, unknown> | undefined)?.['msgs-per-op'],
      wallS: Math.round((performance.now() - started) / 1000),
      mainPhaseS: { start: mainStart && Math.round(mainStart), end: mainEnd && Math.round(mainEnd) },
      summary: {
        bounded,
        rule: 'every node: least-squares RSS slope over the second half of the main phase < 2% of its RSS per minute',
        totalFirstMiB: mib(perNode.reduce((s, n) => s + n.firstMiB * 1024, 0)),
        totalMaxMiB: mib(Math.max(...samples.map((s) => s.rssKiB.reduce<number>((a, v) => a + (v ?? 0), 0)))),
        perNodeMaxMiB: Math.max(...perNode.map((n) => n.maxMiB)),
        worstSlope: { node: worst?.node, ...worst?.secondHalf },
        harnessMiB: { first: mib(samples[0]?.harnessKiB ?? 0), max: mib(Math.max(...samples.map((s) => s.harnessKiB))) },
      },
      nodes: perNode,
    },
    null,
    1,
  ),
);
process.exitCode = bounded && exitCode === 0 ? 0 : 1;
