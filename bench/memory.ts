/**
 * Node memory under load (issue 9): a broadcast run at --rate 1000 with 25 nodes and --latency 100
 * for 120 s. Every node process's RSS (/proc/<pid>/status VmRSS) is sampled once a second through
 * the harness's onNodes hook, and every thread of every node runs bench/heap-probe (loaded with
 * NODE_OPTIONS=--import), which logs its live heap (in use right after a full GC) and committed
 * heap once a second.
 *
 * RSS alone cannot tell a leak from V8 deferring full GCs: left alone, V8 ran one or two full GCs
 * per node in 120 s and let the committed heap grow from 10 to 30-43 MiB while the live heap stayed
 * at 4-6 MiB. So the probe forces a full GC every MEMORY_FULL_GC_S (default 5) seconds, for enough
 * live readings to compare; 0 leaves GC to V8 (the live verdict is then usually undetermined).
 * The verdict rules are in bench/memory-verdict.ts: every thread's live heap held flat through the
 * run, and every node's memory outside the V8 heaps (RSS minus committed heap) held flat too.
 *
 * Prints JSON: the verdicts, per node the RSS first/max/last and window medians, per thread the
 * live and committed heap, and each node's RSS series at MEMORY_SERIES_STEP_S (10) steps.
 *
 * Usage (repo root, after the build):
 *   node dist-test/bench/memory.js [bin=dist/bin/broadcast.js] [time-limit-s=120]
 *   MEMORY_KEEP=1 keeps the run folder (node logs hold the probe lines).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/harness/cli.js';
import { runTest, type RunOutcome } from '../src/harness/run.js';
import { HEAP_PROBE_PREFIX } from './heap-probe.js';
import { allOf, liveHeapHeld, nonHeapHeld, outsideHeap, rssReleased, type Phase, type Reading } from './memory-verdict.js';
import { machine } from './support.js';

const BIN = process.argv[2] ?? 'dist/bin/broadcast.js';
const TIME_LIMIT_S = Number(process.argv[3] ?? 120);
const STEP_S = Number(process.env.MEMORY_SERIES_STEP_S ?? 10);
const STORE = process.env.MEMORY_STORE ?? 'store/memory';
/** Seconds between forced full GCs in every node thread (0 leaves GC to V8). */
const FULL_GC_S = Number(process.env.MEMORY_FULL_GC_S ?? 5);
const ARGV = ['-w', 'broadcast', '--bin', BIN, '--node-count', '25', '--time-limit', String(TIME_LIMIT_S), '--rate', '1000', '--latency', '100', '--seed', '1'];

// The nodes inherit this process's environment: each of their threads loads and starts the probe.
process.env.HEAP_PROBE_MS = '1000';
if (FULL_GC_S > 0) process.env.HEAP_PROBE_FULL_GC_MS = String(FULL_GC_S * 1000);
process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, `--import=${new URL('./heap-probe.js', import.meta.url).href}`].filter(Boolean).join(' ');

/** One probe line from a node thread (see bench/heap-probe.ts). */
interface ProbeLine {
  thread: string;
  at: number;
  usedKiB: number;
  totalKiB: number;
  liveKiB: number | null;
  majorGcs: number;
}

const mib = (kib: number | undefined): number | undefined => (kib === undefined ? undefined : Math.round((kib / 1024) * 10) / 10);
const maxOf = (values: number[]): number => values.reduce((a, b) => Math.max(a, b), 0);
/** The item with the largest key (the first such); undefined for none. */
function maxBy<T>(items: readonly T[], key: (item: T) => number): T | undefined {
  return items.reduce<T | undefined>((best, item) => (best === undefined || key(item) > key(best) ? item : best), undefined);
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

/** The probe lines in a node's log, by thread. */
function probeLines(logFile: string): Map<string, ProbeLine[]> {
  const byThread = new Map<string, ProbeLine[]>();
  if (!existsSync(logFile)) return byThread;
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.startsWith(HEAP_PROBE_PREFIX)) continue;
    const probe = JSON.parse(line.slice(HEAP_PROBE_PREFIX.length)) as ProbeLine;
    let lines = byThread.get(probe.thread);
    if (!lines) byThread.set(probe.thread, (lines = []));
    lines.push(probe);
  }
  return byThread;
}

/** One thread's heap figures and live-heap verdict, and its committed-heap readings; `wallAtSpawn` converts the probe's Date.now() stamps. */
function threadHeap(thread: string, lines: ProbeLine[], phase: Phase, wallAtSpawn: number) {
  const committed: Reading[] = lines.map((p) => [(p.at - wallAtSpawn) / 1000, p.totalKiB]);
  // A live reading is new only when a full GC happened since the previous line.
  const live: Reading[] = lines
    .filter((p, k) => p.liveKiB !== null && (k === 0 || p.majorGcs !== lines[k - 1].majorGcs))
    .map((p) => [(p.at - wallAtSpawn) / 1000, p.liveKiB!]);
  const verdict = liveHeapHeld(live, phase);
  return {
    committed,
    thread,
    held: verdict.held ?? null,
    fullGcs: lines.at(-1)?.majorGcs ?? 0,
    liveMiB: { secondQuarterMedian: mib(verdict.earlyKiB), lastQuarterMedian: mib(verdict.lateKiB), max: mib(maxOf(live.map(([, v]) => v))) },
    committedMiB: { first: mib(lines[0]?.totalKiB), max: mib(maxOf(lines.map((p) => p.totalKiB))), last: mib(lines.at(-1)?.totalKiB) },
  };
}

/** One second's RSS per node (KiB, undefined once gone) and the harness's own, at t s since spawn. */
const samples: Array<{ t: number; rssKiB: Array<number | undefined>; harnessKiB: number }> = [];
let nodes: ReadonlyArray<{ id: string; pid: number | undefined }> = [];
let spawnedAt = 0;
let spawnedWall = 0;
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
          spawnedWall = Date.now();
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

const phase: Phase = { start: mainStart ?? 0, end: mainEnd ?? (mainStart ?? 0) + TIME_LIMIT_S };
const perNode = nodes.map((node, i) => {
  const rss: Reading[] = samples.flatMap((s) => (s.rssKiB[i] === undefined ? [] : [[s.t, s.rssKiB[i]!] as const]));
  const released = rssReleased(rss, phase);
  const threads = outcome ? [...probeLines(join(outcome.dir, 'node-logs', `${node.id}.log`))].map(([thread, lines]) => threadHeap(thread, lines, phase, spawnedWall)) : [];
  const outside = nonHeapHeld(outsideHeap(rss, threads.map((h) => h.committed)), phase);
  return {
    node: node.id,
    outsideHeapHeld: threads.length === 0 ? null : (outside.held ?? null),
    outsideHeapMiB: { secondQuarterMedian: mib(outside.earlyKiB), lastQuarterMedian: mib(outside.lateKiB) },
    rssReleased: released.released ?? null,
    rssMiB: { first: mib(rss[0]?.[1]), secondQuarterMedian: mib(released.earlyKiB), max: mib(maxOf(rss.map(([, v]) => v))), afterLoadMedian: mib(released.afterKiB) },
    heap: threads.map(({ committed: _, ...figures }) => figures),
    series: rss.filter(([t], k) => k === rss.length - 1 || Math.round(t) % STEP_S === 0).map(([t, v]) => [Math.round(t), mib(v)]),
  };
});

const liveHeld = perNode.length === 0 || perNode.some((n) => n.heap.length === 0) ? undefined : allOf(perNode.flatMap((n) => n.heap.map((h) => h.held ?? undefined)));
const outsideHeld = allOf(perNode.map((n) => n.outsideHeapHeld ?? undefined));
const rssBack = allOf(perNode.map((n) => n.rssReleased ?? undefined));
const bounded = allOf([liveHeld, outsideHeld]);
const threads = perNode.flatMap((n) => n.heap.map((h) => ({ node: n.node, ...h })));
const worstThread = maxBy(threads, (h) => (h.liveMiB.lastQuarterMedian ?? 0) - (h.liveMiB.secondQuarterMedian ?? 0));
const worstNode = maxBy(perNode, (n) => (n.outsideHeapMiB.lastQuarterMedian ?? 0) - (n.outsideHeapMiB.secondQuarterMedian ?? 0));
const results = outcome?.results as Record<string, Record<string, unknown>> | undefined;
if (outcome && outcome.exitCode === 0 && !process.env.MEMORY_KEEP) rmSync(outcome.dir, { recursive: true, force: true });

console.log(
  JSON.stringify(
    {
      bench: 'memory',
      ...machine(),
      command: ['glomers', 'test', ...ARGV].join(' '),
      fullGcEveryS: FULL_GC_S || 'left to V8',
      exitCode,
      error: outcome ? undefined : errors.trim().split('\n').at(-1),
      valid: results?.['valid?'],
      ops: results?.stats?.count,
      serversMsgsPerOp: (results?.net?.servers as Record<string, unknown> | undefined)?.['msgs-per-op'],
      wallS: Math.round((performance.now() - started) / 1000),
      mainPhaseS: { start: Math.round(phase.start), end: Math.round(phase.end) },
      summary: {
        bounded: bounded ?? null,
        liveHeapsHeld: liveHeld ?? null,
        outsideHeapHeld: outsideHeld ?? null,
        rules:
          'bench/memory-verdict.ts: every thread, live heap median over the last quarter of the main phase <= second-quarter median + max(1 MiB, 10%); every node, RSS minus committed heap likewise within max(2 MiB, 10%)',
        rssReleased: rssBack ?? null,
        rssReleasedRule: 'reported only: RSS median from 5 s after the load <= 110% of the second-quarter median, every node',
        worstThread: worstThread && { node: worstThread.node, thread: worstThread.thread, liveMiB: worstThread.liveMiB, committedMiB: worstThread.committedMiB },
        worstNode: worstNode && { node: worstNode.node, outsideHeapMiB: worstNode.outsideHeapMiB, rssMiB: worstNode.rssMiB },
        perNodeMaxRssMiB: maxOf(perNode.map((n) => n.rssMiB.max ?? 0)),
        totalMaxRssMiB: mib(maxOf(samples.map((s) => s.rssKiB.reduce<number>((a, v) => a + (v ?? 0), 0)))),
        harnessMiB: { first: mib(samples[0]?.harnessKiB), max: mib(maxOf(samples.map((s) => s.harnessKiB))) },
      },
      nodes: perNode,
    },
    null,
    1,
  ),
);
process.exitCode = bounded === true && exitCode === 0 ? 0 : 1;
