/**
 * Broadcast benchmark (challenges 3d/3e): runs `glomers test -w broadcast` on the 3d/3e command
 * line (25 nodes, rate 100, latency 100, 20 s) for each mode, seed and partition setting, and
 * prints JSON: per run and as medians per (mode, partitions), servers msgs-per-op, stable-latency
 * quantiles, lost/stale/never-read counts, client fail/info counts, node CPU seconds (summed over
 * the nodes) and peak RSS (the largest node's VmHWM). Node processes are observed through
 * /proc: each node is started by a tiny wrapper that records its pid and then execs the bin.
 *
 * Usage: node dist-test/bench/broadcast.js [--modes default,latency,messages] [--seeds 1,2,3]
 *          [--partitions off,on] [--rate 100] [--node-count 25] [--latency 100] [--time-limit 20]
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { orderedQuantiles, resultGetter } from './support.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GLOMERS = join(ROOT, 'dist/bin/glomers.js');
const BIN = join(ROOT, 'dist/bin/broadcast.js');
const WORK = mkdtempSync(join(os.tmpdir(), 'glomers-bench-broadcast-'));

/** Reads `--name value` options with defaults; a list option is comma-separated. */
function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}
const modes = option('modes', 'default,latency,messages').split(',');
const seeds = option('seeds', '1,2,3').split(',').map(Number);
const partitionSettings = option('partitions', 'off,on').split(',').map((p) => p === 'on');
const flags = {
  rate: option('rate', '100'),
  nodeCount: option('node-count', '25'),
  latency: option('latency', '100'),
  timeLimit: option('time-limit', '20'),
};

/** Per-process figures read from /proc: CPU seconds (user + system) and VmHWM in MB. */
interface ProcFigures {
  cpuSeconds: number;
  peakRssMb: number;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

function readProc(pid: number): ProcFigures | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    return { cpuSeconds, peakRssMb: hwm ? Number(hwm[1]) / 1024 : 0 };
  } catch {
    return undefined; // the process has exited; keep its last reading
  }
}

async function runOnce(mode: string, partitions: boolean, seed: number) {
  const label = `${mode}-${partitions ? 'p' : 'n'}-${seed}`;
  const dir = join(WORK, label);
  const pidFile = join(dir, 'pids');
  const wrapper = join(WORK, `${label}.sh`);
  const store = join(dir, 'store');
  const argv = [GLOMERS, 'test', '-w', 'broadcast', '--bin', wrapper, '--node-count', flags.nodeCount, '--time-limit', flags.timeLimit,
    '--rate', flags.rate, '--latency', flags.latency, ...(partitions ? ['--nemesis', 'partition'] : []), '--seed', String(seed), '--store', store, mode];
  mkdirSync(dir, { recursive: true });
  writeFileSync(wrapper, `#!/bin/sh\necho $$ >> '${pidFile}'\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  const last = new Map<number, ProcFigures>();
  const poll = setInterval(() => {
    if (!existsSync(pidFile)) return;
    for (const pid of readFileSync(pidFile, 'utf8').trim().split('\n').map(Number)) {
      const figures = readProc(pid);
      if (figures) last.set(pid, figures);
    }
  }, 250);
  const started = performance.now();
  const exitCode = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => resolve(code ?? -1));
  });
  clearInterval(poll);
  const get = resultGetter(readResults(store));
  const nodes = [...last.values()];
  return {
    mode,
    partitions,
    seed,
    exitCode,
    valid: get('valid?') ?? null,
    lostCount: get('workload', 'lost-count') ?? null,
    staleCount: get('workload', 'stale-count') ?? null,
    neverReadCount: get('workload', 'never-read-count') ?? null,
    stableCount: get('workload', 'stable-count') ?? null,
    ops: get('stats', 'count') ?? null,
    failCount: get('stats', 'fail-count') ?? null,
    infoCount: get('stats', 'info-count') ?? null,
    serversMsgCount: get('net', 'servers', 'msg-count') ?? null,
    serversMsgsPerOp: round(get('net', 'servers', 'msgs-per-op') as number, 3),
    stableLatencies: orderedQuantiles(get('workload', 'stable-latencies')),
    nodeCpuSeconds: round(nodes.reduce((sum, n) => sum + n.cpuSeconds, 0), 2),
    maxNodeCpuSeconds: round(Math.max(0, ...nodes.map((n) => n.cpuSeconds)), 2),
    peakRssMb: round(Math.max(0, ...nodes.map((n) => n.peakRssMb)), 1),
    nodesObserved: nodes.length,
    wallSeconds: round((performance.now() - started) / 1000, 1),
    store,
  };
}


function readResults(store: string): Record<string, unknown> | undefined {
  const root = join(store, 'broadcast');
  if (!existsSync(root)) return undefined;
  const runs = readdirSync(root).filter((name) => /^\d/.test(name)).sort();
  const file = join(root, runs[runs.length - 1] ?? '', 'results.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined;
}

function round(value: number, digits: number): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function median(values: Array<number | null | undefined>): number | null {
  const xs = values.filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return round(xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2, 3);
}

const runs = [];
for (const partitions of partitionSettings) {
  for (const mode of modes) {
    for (const seed of seeds) {
      const run = await runOnce(mode, partitions, seed);
      process.stderr.write(`${JSON.stringify(run)}\n`);
      runs.push(run);
    }
  }
}
const medians = [];
for (const partitions of partitionSettings) {
  for (const mode of modes) {
    const group = runs.filter((r) => r.mode === mode && r.partitions === partitions);
    const latency = (p: string) => median(group.map((r) => (r.stableLatencies as Record<string, number> | null)?.[p]));
    medians.push({
      mode,
      partitions,
      runs: group.length,
      allValid: group.every((r) => r.valid === true),
      totalLost: group.reduce((sum, r) => sum + ((r.lostCount as number) ?? 0), 0),
      serversMsgsPerOp: median(group.map((r) => r.serversMsgsPerOp)),
      stableLatencies: { p50: latency('p50'), p95: latency('p95'), p99: latency('p99'), p100: latency('p100') },
      staleCount: median(group.map((r) => r.staleCount as number)),
      nodeCpuSeconds: median(group.map((r) => r.nodeCpuSeconds)),
      peakRssMb: median(group.map((r) => r.peakRssMb)),
    });
  }
}
console.log(
  JSON.stringify(
    {
      bench: 'broadcast (3d/3e command line, glomers test)',
      node: process.version,
      cores: os.cpus().length,
      loadAverage: os.loadavg().map((x) => round(x, 2)),
      command: `glomers test -w broadcast --bin dist/bin/broadcast.js --node-count ${flags.nodeCount} --time-limit ${flags.timeLimit} --rate ${flags.rate} --latency ${flags.latency} [--nemesis partition] --seed S <mode>`,
      medians,
      runs,
    },
    null,
    2,
  ),
);
