/**
 * The CLI's harness runner: each run is `node dist/bin/glomers.js test <argv>` in a child process,
 * so a harness crash or hang costs one row, not the whole table. The child's output goes to a log
 * file; the run folder comes from the harness's first line ("... store <dir>"), falling back to
 * <store>/latest, and its results.json is read back.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { storeTimestamp } from '../output/store.js';
import type { HarnessRunner, RunOutcome } from './run.js';
import { timeLimitOf } from './table.js';

/** Options of the child-process runner. */
export interface SpawnRunnerOptions {
  /** Working directory of every run (relative --bin paths resolve here). Default process.cwd(). */
  cwd?: string;
  /** The glomers executable script. Default: this installation's dist/bin/glomers.js, so the table runs from any folder. */
  glomersJs?: string;
  /** Store root passed as --store; the run logs go to <store>/challenge-logs/<timestamp>/. Default 'store'. */
  storeRoot?: string;
  /** Progress lines: the run's phase changes. Default: none. */
  note?: (line: string) => void;
  /** Slack beyond time limit + recovery before a run is killed, seconds. Default 180. */
  slackS?: number;
}

/** Harness output lines that mark a phase, and what to call it (given the run's time limit). */
const PHASES: ReadonlyArray<[RegExp, (limitS: number) => string]> = [
  [/Relative time begins now/, (limitS) => `main phase (${limitS} s)`],
  [/Waiting for recovery/, () => 'recovery, then final reads'],
  [/Analyzing\.\.\./, () => 'analyzing'],
];

/** A HarnessRunner that spawns `glomers test` per run. */
export function spawnRunner(options: SpawnRunnerOptions = {}): HarnessRunner {
  const cwd = options.cwd ?? process.cwd();
  const glomersJs = options.glomersJs ?? fileURLToPath(new URL('../../bin/glomers.js', import.meta.url));
  const storeRoot = options.storeRoot ?? 'store';
  const note = options.note ?? (() => undefined);
  const logDir = resolve(cwd, storeRoot, 'challenge-logs', storeTimestamp(new Date()));
  return async (argv, label) => {
    if (!existsSync(glomersJs)) return { status: 'error', message: `the harness is not built (${glomersJs} is missing)` };
    mkdirSync(logDir, { recursive: true });
    const log = join(logDir, `${label}.log`);
    const started = performance.now();
    const limitS = timeLimitOf(argv) + 10 + (options.slackS ?? 180);
    const child = await runChild(process.execPath, [glomersJs, 'test', ...argv, '--store', storeRoot], { cwd, log, limitS, onLine: (line) => {
      for (const [pattern, phase] of PHASES) if (pattern.test(line)) note(`    ${label}: ${phase(timeLimitOf(argv))}`);
    } });
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    // store/latest only as a fallback for a finished run: after a failed start it names an older run.
    const finished = child.code === 0 || child.code === 1 || child.code === 2;
    const dir = child.storeDir ? resolve(cwd, child.storeDir) : finished ? latest(resolve(cwd, storeRoot)) : undefined;
    const outcome = readOutcome(child, dir, log, seconds);
    note(`    ${label}: ${outcome.status === 'done' ? `exit ${outcome.exitCode}` : outcome.status === 'error' ? outcome.message : outcome.status} after ${seconds} s`);
    return outcome;
  };
}

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  storeDir?: string;
  /** The last lines of output, for the error message of a failed run. */
  tail: string[];
  timedOut: boolean;
  spawnError?: Error;
}

/** Harness children still running; a signal to this process is passed on to them. */
const running = new Set<ReturnType<typeof spawn>>();
let forwarding = false;

/**
 * Passes SIGINT/SIGTERM/SIGHUP on to the running harness children (which tear their nodes down on
 * any of them) and exits as the signal would, so a killed table leaves no run behind. A terminal's
 * Ctrl-C reaches the child directly too; a second signal is harmless to it.
 */
function forwardSignals(): void {
  if (forwarding) return;
  forwarding = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(signal, () => {
      for (const child of running) child.kill(signal);
      process.exit(code);
    });
  }
}

function runChild(command: string, args: string[], o: { cwd: string; log: string; limitS: number; onLine: (line: string) => void }): Promise<ChildResult> {
  return new Promise((done) => {
    const out = createWriteStream(o.log);
    const result: ChildResult = { code: null, signal: null, tail: [], timedOut: false };
    const child = spawn(command, args, { cwd: o.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    forwardSignals();
    let partial = { stdout: '', stderr: '' };
    const take = (stream: 'stdout' | 'stderr') => (chunk: Buffer): void => {
      out.write(chunk);
      const lines = (partial[stream] + chunk.toString('utf8')).split('\n');
      partial = { ...partial, [stream]: lines.pop() ?? '' };
      for (const line of lines) onLine(line);
    };
    const onLine = (line: string): void => {
      const store = / store (\S+)$/.exec(line);
      if (store && line.includes('Running ')) result.storeDir = store[1];
      if (line.trim()) result.tail = [...result.tail.slice(-19), line];
      o.onLine(line);
    };
    child.stdout.on('data', take('stdout'));
    child.stderr.on('data', take('stderr'));
    // The harness tears its nodes down on SIGTERM; SIGKILL only if it does not exit soon after.
    const timer = setTimeout(() => {
      result.timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    }, o.limitS * 1000);
    child.on('error', (error) => {
      result.spawnError = error;
    });
    child.on('close', (code, signal) => {
      running.delete(child);
      clearTimeout(timer);
      for (const rest of [partial.stdout, partial.stderr]) if (rest) onLine(rest);
      result.code = code;
      result.signal = signal;
      out.end(() => done(result));
    });
  });
}

function readOutcome(child: ChildResult, dir: string | undefined, log: string, seconds: number): RunOutcome {
  if (child.spawnError) return { status: 'error', message: `could not start the harness: ${child.spawnError.message}`, log };
  const resultsPath = dir ? join(dir, 'results.json') : undefined;
  const finished = child.code === 0 || child.code === 1 || child.code === 2;
  if (finished && !child.timedOut && resultsPath && existsSync(resultsPath)) {
    try {
      const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as Record<string, unknown>;
      return { status: 'done', exitCode: child.code!, results, dir: dir!, log, seconds };
    } catch (error) {
      return { status: 'error', message: `unreadable ${resultsPath}: ${(error as Error).message}`, exitCode: child.code, dir, log };
    }
  }
  const why = child.timedOut ? `timed out after ${seconds} s` : child.signal ? `killed by ${child.signal}` : `exit ${child.code}`;
  const last = [...child.tail].reverse().find((line) => /glomers:|Error|error/.test(line)) ?? child.tail.at(-1) ?? '';
  return { status: 'error', message: `${why}${last ? `: ${last.trim()}` : ''}`, exitCode: child.code, dir, log };
}

function latest(storeRoot: string): string | undefined {
  try {
    return realpathSync(join(storeRoot, 'latest'));
  } catch {
    return undefined;
  }
}
