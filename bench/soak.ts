/**
 * Partition soak (issue 9): every challenge of the table (src/harness/challenge/table.ts) with
 * `--nemesis partition` over N seeds, through the harness's runTest in this process. Runs with
 * equal command lines are shared (3d, 3e and 3d+3e are one run), and the tuned broadcast modes
 * (broadcast-latency, broadcast-messages) get their own runs since they are other binaries.
 * Every run must be valid; an invalid run keeps its store folder and is listed at the end.
 *
 * Usage (from the repo root, after the build):
 *   node dist-test/bench/soak.js [seeds=10] [first-seed=1]
 *   SOAK_SEEDS=2 SOAK_CHALLENGES=3c,4 SOAK_KEEP=1 node dist-test/bench/soak.js
 * Prints a readable table on stderr as runs finish and the JSON on stdout at the end. Exit 1 if
 * any run was not valid. One seed takes about 6 min on 2 cores (13 runs).
 *
 * The nodes run from a copy of dist/ taken at start (under store/, so node_modules still
 * resolves): a rebuild of dist/ during an hour-long soak would otherwise start a node from a
 * half-written file. SOAK_SNAPSHOT=0 runs dist/ itself.
 */
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { binOf, CHALLENGES, withFlag } from '../src/harness/challenge/table.js';
import { challengeFigures } from '../src/harness/challenge/criteria.js';
import { main } from '../src/harness/cli.js';
import { pairInvocations } from '../src/harness/history.js';
import { runTest, type RunOutcome } from '../src/harness/run.js';
import { summaryFigures } from '../src/harness/report/summary.js';
import { machine } from './support.js';

const SEEDS = Number(process.argv[2] ?? process.env.SOAK_SEEDS ?? 10);
const FIRST_SEED = Number(process.argv[3] ?? process.env.SOAK_FIRST_SEED ?? 1);
const ONLY = process.env.SOAK_CHALLENGES?.split(',');
const KEEP = Boolean(process.env.SOAK_KEEP);
const STORE = process.env.SOAK_STORE ?? 'store/soak';
const SNAPSHOT = process.env.SOAK_SNAPSHOT === '0' ? undefined : join('store', 'soak-dist', String(process.pid));

/** One distinct command line and the challenges it serves. */
interface Plan {
  label: string;
  argv: string[];
}

/** The distinct runs: each challenge's official command (and its tuned binary), with partitions. */
function plan(): Plan[] {
  const byArgv = new Map<string, Plan>();
  const add = (id: string, argv: readonly string[]): void => {
    const bin = binOf(argv)!;
    const local = SNAPSHOT ? withFlag(argv, '--bin', join(SNAPSHOT, bin)) : argv;
    const withPartitions = withFlag(local, '--nemesis', 'partition');
    const key = withPartitions.join(' ');
    const found = byArgv.get(key);
    if (found) found.label += `/${id}`;
    else byArgv.set(key, { label: id, argv: withPartitions });
  };
  for (const challenge of CHALLENGES) {
    if (ONLY && !ONLY.includes(challenge.id)) continue;
    add(challenge.id, challenge.argv);
    // A tuned binary is a different node: soak it too. A higher --rate alone is not.
    if (challenge.oursArgv && binOf(challenge.oursArgv) !== binOf(challenge.argv)) add(`${challenge.id}:${binOf(challenge.oursArgv)!.replace(/^.*\/|\.js$/g, '')}`, challenge.oursArgv);
  }
  return [...byArgv.values()];
}

/** One soak row. */
interface Row {
  challenge: string;
  seed: number;
  exitCode: number;
  valid: unknown;
  /** Checkers whose verdict was not true. */
  blame: string[];
  ops?: number;
  okFraction?: number;
  /** Broadcast: :workload :lost-count. */
  lostCount?: number;
  serversMsgsPerOp?: number;
  allMsgsPerOp?: number;
  /** Broadcast: stable-latency median and max, ms. */
  stableMedianMs?: number;
  stableMaxMs?: number;
  /** Every workload: invoke→ok latency of client ops, median and max, ms. */
  opMedianMs?: number;
  opMaxMs?: number;
  nodeFaults?: string[];
  error?: string;
  dir?: string;
  wallS: number;
}

async function runOne(p: Plan, seed: number): Promise<Row> {
  const started = performance.now();
  let outcome: RunOutcome | undefined;
  let errors = '';
  let dir: string | undefined;
  const exitCode = await main(
    ['test', ...p.argv, '--seed', String(seed), '--store', STORE],
    {
      test: async (options) => {
        outcome = await runTest(options, { print: (line) => (dir ??= / store (\S+)$/.exec(line)?.[1]) });
        return outcome.exitCode;
      },
    },
    { out: () => undefined, err: (s) => (errors += s) },
  );
  const wallS = Math.round((performance.now() - started) / 100) / 10;
  if (!outcome) return { challenge: p.label, seed, exitCode, valid: 'error', blame: [], error: errors.trim().split('\n').at(-1), dir, wallS };
  const results = outcome.results;
  const figures = challengeFigures(results);
  const summary = summaryFigures(results);
  const latencies = pairInvocations(outcome.history)
    .filter(([invoke, done]) => invoke.process !== 'nemesis' && done?.type === 'ok')
    .map(([invoke, done]) => (done!.time - invoke.time) / 1e6)
    .sort((a, b) => a - b);
  const row: Row = {
    challenge: p.label,
    seed,
    exitCode,
    valid: figures.valid,
    blame: [...summary.invalidCheckers, ...summary.unknownCheckers],
    ops: summary.ops?.count,
    okFraction: figures.okFraction,
    lostCount: figures.lostCount,
    serversMsgsPerOp: figures.serversMsgsPerOp,
    allMsgsPerOp: summary.allMsgsPerOp,
    stableMedianMs: figures.medianMs,
    stableMaxMs: figures.maxMs,
    opMedianMs: round(latencies[Math.floor((latencies.length - 1) / 2)]),
    opMaxMs: round(latencies.at(-1)),
    nodeFaults: summary.nodeFaults,
    dir: outcome.dir,
    wallS,
  };
  if (row.valid === true && !KEEP) {
    rmSync(outcome.dir, { recursive: true, force: true });
    delete row.dir;
  }
  return row;
}

function round(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.round(value * 10) / 10;
}

const COLUMNS: Array<[string, (r: Row) => unknown]> = [
  ['challenge', (r) => r.challenge],
  ['seed', (r) => r.seed],
  ['valid', (r) => (r.valid === true ? 'true' : `${String(r.valid)}${r.blame.length ? ` (${r.blame.join(',')})` : ''}`)],
  ['ops', (r) => r.ops],
  ['avail', (r) => r.okFraction],
  ['lost', (r) => r.lostCount],
  ['mpo-srv', (r) => r.serversMsgsPerOp],
  ['mpo-all', (r) => r.allMsgsPerOp],
  ['stable-p50', (r) => r.stableMedianMs],
  ['stable-max', (r) => r.stableMaxMs],
  ['op-p50', (r) => r.opMedianMs],
  ['op-max', (r) => r.opMaxMs],
  ['wall-s', (r) => r.wallS],
];

function cells(r: Row): string[] {
  return COLUMNS.map(([, get]) => {
    const v = get(r);
    return v === undefined ? '-' : typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : String(v);
  });
}

const WIDTHS = [24, 5, 28, 7, 10, 5, 10, 10, 10, 10, 8, 8, 7];
const line = (values: string[]): string => values.map((v, i) => v.padEnd(WIDTHS[i])).join(' ').trimEnd();

if (SNAPSHOT) {
  cpSync('dist', join(SNAPSHOT, 'dist'), { recursive: true });
  process.on('exit', () => rmSync(SNAPSHOT, { recursive: true, force: true }));
}
const plans = plan();
process.stderr.write(`soak: ${plans.length} command lines × ${SEEDS} seeds (${FIRST_SEED}..${FIRST_SEED + SEEDS - 1}), --nemesis partition; store ${STORE}\n`);
process.stderr.write(line(COLUMNS.map(([name]) => name)) + '\n');
const rows: Row[] = [];
for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
  for (const p of plans) {
    const row = await runOne(p, seed);
    rows.push(row);
    process.stderr.write(line(cells(row)) + (row.error ? `  ${row.error}` : '') + '\n');
  }
}
const bad = rows.filter((r) => r.valid !== true);
process.stderr.write(bad.length ? `\n${bad.length} of ${rows.length} runs NOT valid:\n${bad.map((r) => `  ${r.challenge} seed ${r.seed}: ${String(r.valid)} ${r.blame.join(',')} ${r.error ?? ''} ${r.dir ?? ''}`).join('\n')}\n` : `\nall ${rows.length} runs valid\n`);
console.log(
  JSON.stringify(
    {
      bench: 'soak',
      ...machine(),
      seeds: { first: FIRST_SEED, count: SEEDS },
      commands: plans.map((p) => ({ challenge: p.label, argv: [...p.argv] })),
      rows,
      invalid: bad.length,
    },
    null,
    1,
  ),
);
process.exitCode = bad.length ? 1 : 0;
