/**
 * `glomers analyze [run]`: re-checks a stored run without starting any node, as Jepsen's `analyze`
 * does: the options from test.json, the history from history.edn and the message journal from
 * net-journal.jsonl go through the same checkers as `glomers test`; results.json, results.edn and
 * report.html are rewritten, and the verdict and exit code are the test's (0 valid, 1 invalid, 2
 * unknown; 254 for a folder that is not a run). Useful after a checker fix, or with another
 * --availability or --consistency-models than the run had.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { analyzeHistory, printResults, workloadOptionsFor } from '../analysis.js';
import { parseAvailability } from '../cli.js';
import { toEdn } from '../edn.js';
import { readEdnLines } from '../edn-read.js';
import type { Op } from '../history.js';
import { Journal } from '../net/journal.js';
import type { LatenessSummary } from '../net/lateness.js';
import { HarnessError, type TestOptions } from '../options.js';
import { readJsonFile, toJson } from '../output/outputs.js';
import type { NodeFault } from '../process/limits.js';
import { writeReport } from '../report/html.js';
import { createRng } from '../rng.js';
import { WORKLOADS } from '../workloads/index.js';

/** What may be changed at analysis time: the checkers' own settings. */
export interface AnalyzeOverrides {
  availability?: TestOptions['availability'];
  consistencyModels?: string[];
}

/** Re-checks the run in `dir`; prints like `glomers test` and returns its exit code. */
export async function analyzeRun(dir: string, print: (line: string) => void, overrides: AnalyzeOverrides = {}): Promise<number> {
  const need = ['test.json', 'history.edn', 'net-journal.jsonl'].filter((file) => !existsSync(join(dir, file)));
  if (need.length > 0) throw new HarnessError(`${dir}: not a run folder (missing ${need.join(', ')})`, 254);
  const options = { ...(JSON.parse(readFileSync(join(dir, 'test.json'), 'utf8')) as TestOptions), ...defined(overrides) };
  const workload = WORKLOADS.get(options.workload);
  if (!workload) throw new HarnessError(`${dir}: workload ${options.workload} is not one glomers checks`, 254);
  let ops: Op[];
  try {
    ops = readEdnLines(readFileSync(join(dir, 'history.edn'), 'utf8')) as Op[];
  } catch (error) {
    throw new HarnessError(`${join(dir, 'history.edn')}: ${(error as Error).message}`, 254);
  }
  const journal = new Journal();
  for (const line of readFileSync(join(dir, 'net-journal.jsonl'), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const e = JSON.parse(line) as { kind: string; time: number; id: number; src: string; dest: string; body: unknown };
    (e.kind === 'recv' ? journal.recv : journal.send).call(journal, e.time, e.id, e.src, e.dest, e.body);
  }
  // What only the live run saw (node faults, delivery lateness) is kept from its results (a crashed
  // run may have none).
  const before = readJsonFile(join(dir, 'results.json'));
  const faults = ((before?.['node-faults'] as { faults?: NodeFault[] } | undefined)?.faults ?? []) as NodeFault[];
  const lateness = (before?.net as { lateness?: LatenessSummary } | undefined)?.lateness;
  const workloadOptions = workloadOptionsFor(options, createRng(options.seed).fork('workload').next);
  const results = await analyzeHistory(workload, workloadOptions, options, ops, journal, faults, lateness);
  writeFileSync(join(dir, 'results.json'), toJson(results, 2) + '\n');
  writeFileSync(join(dir, 'results.edn'), toEdn(results) + '\n');
  await writeReport(dir, { history: ops, journal: journal.events, results, test: { ...options, timeLimit: options.timeLimitS } }).catch(() => undefined);
  print(`Analysed ${ops.length} history ops and ${journal.length} journal events from ${dir}`);
  return printResults(results, print);
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Adds `analyze` to a commander program (exit code in the program's 'exitCode' option value). */
export function registerAnalyzeCommand(program: Command, print: (line: string) => void = (line) => console.log(line)): Command {
  const command = program
    .command('analyze')
    .description('Re-checks a stored run (default: store/latest) without running nodes, as Jepsen\'s analyze: rewrites its results and report, prints the verdict, exits like `glomers test`.')
    .argument('[run]', 'the run folder, e.g. store/kafka/latest')
    .option('--store <dir>', 'store root, for the default run', 'store')
    .option('--availability <a>', 'check with this availability goal instead of the run\'s (total or a fraction)', parseAvailability)
    .option('--consistency-models <m>', 'txn workloads: check against these models instead of the run\'s')
    .action(async (run: string | undefined, flags: { store: string; availability?: TestOptions['availability']; consistencyModels?: string }) => {
      const dir = resolve(run ?? join(flags.store, 'latest'));
      const code = await analyzeRun(dir, print, { availability: flags.availability, consistencyModels: flags.consistencyModels?.split(',').map((m) => m.trim()) });
      program.setOptionValue('exitCode', code);
    });
  command.exitOverride();
  return command;
}
