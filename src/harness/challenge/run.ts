/**
 * `glomers challenge <id|all>`: plans the runs a set of challenges needs (equal command lines run
 * once), runs each through an injected harness runner (in the CLI a child process, so a crashing
 * run cannot take the table down), and judges every run against the official criteria and our
 * targets. A challenge whose node binary is missing is "not built", never a failure.
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { allPassed, challengeFigures, judge, type ChallengeFigures, type Judgement } from './criteria.js';
import { binOf, type Challenge } from './table.js';

/** How one harness run ended. */
export type RunOutcome =
  | { status: 'not built'; bin: string }
  | { status: 'error'; message: string; exitCode?: number | null; dir?: string; log?: string }
  | { status: 'done'; exitCode: number; results: Record<string, unknown>; dir: string; log?: string; seconds?: number };

/** Runs `glomers test <argv>` once; `label` names the run in progress lines and log files. Never rejects. */
export type HarnessRunner = (argv: readonly string[], label: string) => Promise<RunOutcome>;

/** What a challenge session needs; everything with I/O is injected. */
export interface ChallengeRunOptions {
  /** Runs one harness command. */
  runner: HarnessRunner;
  /** Directory the table's relative paths (dist/bin/...) resolve against. Default process.cwd(). */
  cwd?: string;
  /** Where the node binaries are; replaces the table's dist/bin. Default 'dist/bin'. */
  binDir?: string;
  /** Flags appended to every run: --seed, --nemesis partition, anything passed through. */
  extraArgs?: readonly string[];
  /** Skip the separate runs some targets need (their targets then show as not run). Default false. */
  officialOnly?: boolean;
  /** Whether a file exists. Default fs.existsSync. */
  exists?: (path: string) => boolean;
  /** Progress lines (stderr in the CLI). Default: none. */
  note?: (line: string) => void;
}

/** One row of the printed table: a run and how it was judged. */
export interface ChallengeRow {
  challenge: Challenge;
  /** 'official' is the official command (targets judged on it too, unless oursArgv exists); 'ours' the target-only run. */
  kind: 'official' | 'ours';
  /** The argv actually run, after `test`. */
  argv: readonly string[];
  outcome: RunOutcome;
  figures?: ChallengeFigures;
  /** Official judgements; undefined for an 'ours' row or when the run produced no results. */
  official?: Judgement[];
  /** Target judgements; undefined when judged on another row or not run. */
  ours?: Judgement[];
  /** Why the targets of an official row were not judged on it: 'next row' or 'not run'. */
  oursElsewhere?: 'next row' | 'not run';
}

/** The finished session. */
export interface ChallengeReport {
  rows: ChallengeRow[];
  /** 0 iff every built challenge with official criteria passed them; 1 otherwise. */
  exitCode: 0 | 1;
}

/** Runs the given challenges in order and judges them. Runs with the same argv are run once. */
export async function runChallenges(challenges: readonly Challenge[], options: ChallengeRunOptions): Promise<ChallengeReport> {
  const cwd = options.cwd ?? process.cwd();
  const exists = options.exists ?? existsSync;
  const note = options.note ?? (() => undefined);
  const planned = planRuns(challenges, options);
  const runs = new Map<string, Promise<RunOutcome>>();
  let started = 0;
  const total = new Set(planned.map((p) => p.argv.join('\0'))).size;

  const outcomeOf = (argv: readonly string[], label: string): Promise<RunOutcome> => {
    const key = argv.join('\0');
    let run = runs.get(key);
    if (!run) {
      const bin = binOf(argv) ?? '';
      started++;
      if (!exists(resolve(cwd, bin))) {
        note(`[${started}/${total}] ${label}: not built (${bin} is missing)`);
        run = Promise.resolve({ status: 'not built', bin });
      } else {
        note(`[${started}/${total}] ${label}: glomers test ${argv.join(' ')}`);
        // A runner should not reject; if one does, that costs its row, not the table.
        run = options.runner(argv, label).catch((error: unknown): RunOutcome => ({ status: 'error', message: `runner failed: ${(error as Error).message ?? String(error)}` }));
      }
      runs.set(key, run);
    }
    return run;
  };

  const rows: ChallengeRow[] = [];
  // Sequential on purpose: runs share two cores with their nodes, and parallel runs would skew latencies.
  for (const plan of planned) {
    const outcome = await outcomeOf(plan.argv, plan.label);
    rows.push(judgeRow(plan, outcome, options.officialOnly === true));
  }
  return { rows, exitCode: officialExitCode(rows) };
}

/** One row to produce: which challenge, which command, and its label in progress lines. */
export interface PlannedRow {
  challenge: Challenge;
  kind: 'official' | 'ours';
  argv: string[];
  label: string;
}

/** The rows to produce, in order, with their final argv (bin directory and extra flags applied). */
export function planRuns(challenges: readonly Challenge[], options: Pick<ChallengeRunOptions, 'binDir' | 'extraArgs' | 'officialOnly'>): PlannedRow[] {
  const finalArgv = (argv: readonly string[]): string[] => [...rebaseBin(argv, options.binDir ?? 'dist/bin'), ...(options.extraArgs ?? [])];
  const rows: PlannedRow[] = [];
  for (const challenge of challenges) {
    rows.push({ challenge, kind: 'official', argv: finalArgv(challenge.argv), label: challenge.id });
    if (challenge.oursArgv && !options.officialOnly) rows.push({ challenge, kind: 'ours', argv: finalArgv(challenge.oursArgv), label: `${challenge.id}-ours` });
  }
  return rows;
}

function judgeRow(plan: PlannedRow, outcome: RunOutcome, officialOnly: boolean): ChallengeRow {
  const { challenge, kind, argv } = plan;
  const row: ChallengeRow = { challenge, kind, argv, outcome };
  const separateOurs = challenge.oursArgv !== undefined;
  if (kind === 'official' && separateOurs) row.oursElsewhere = officialOnly ? 'not run' : 'next row';
  if (outcome.status !== 'done') return row;
  row.figures = challengeFigures(outcome.results);
  if (kind === 'official') {
    row.official = judge(challenge.official, row.figures);
    if (!separateOurs) row.ours = judge(challenge.ours, row.figures);
  } else {
    row.ours = judge(challenge.ours, row.figures);
  }
  return row;
}

/** Whether a row passed its official criteria: true/false, or undefined when it has none to judge (ours rows, not built, no criteria). */
export function officialPassed(row: ChallengeRow): boolean | undefined {
  if (row.kind !== 'official' || row.outcome.status === 'not built' || row.challenge.official.length === 0) return undefined;
  return row.official !== undefined && allPassed(row.official);
}

/** Whether a row met our targets; undefined when they are judged on another row or not at all. */
export function oursPassed(row: ChallengeRow): boolean | undefined {
  if (row.outcome.status === 'not built' || row.oursElsewhere) return undefined;
  return row.ours !== undefined && allPassed(row.ours);
}

function officialExitCode(rows: readonly ChallengeRow[]): 0 | 1 {
  return rows.every((row) => officialPassed(row) !== false) ? 0 : 1;
}

/** Points every `--bin dist/bin/X` at `binDir/X` (tests inject a directory; the default changes nothing). */
export function rebaseBin(argv: readonly string[], binDir: string): string[] {
  const out = [...argv];
  const at = out.indexOf('--bin');
  if (at >= 0 && at + 1 < out.length && binDir !== 'dist/bin') out[at + 1] = join(binDir, basename(out[at + 1]));
  return out;
}
