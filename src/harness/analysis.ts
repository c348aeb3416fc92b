/**
 * Checking a finished history and printing the verdict: shared by `glomers test`, which has just
 * recorded the history, and `glomers analyze`, which reads it back from a run folder (Jepsen's
 * `analyze` re-runs the checker on a stored test the same way).
 */
import { checkAvailability } from './checkers/availability.js';
import { checkSafe, composeResults } from './checkers/compose.js';
import { checkExceptions } from './checkers/exceptions.js';
import { checkNodeFaults } from './checkers/node-faults.js';
import { checkNet } from './checkers/net.js';
import { checkStats } from './checkers/stats.js';
import { toEdn } from './edn.js';
import type { Op } from './history.js';
import type { Journal } from './net/journal.js';
import type { LatenessSummary } from './net/lateness.js';
import type { TestOptions } from './options.js';
import type { NodeFault } from './process/limits.js';
import { explainFailures } from './report/explain.js';
import { formatSummary } from './report/summary.js';
import type { Workload, WorkloadOptions } from './workload.js';

/** The verdict lines Jepsen prints (J:core.clj log-results). */
export const VERDICTS = {
  valid: 'Everything looks good! ヽ(‘ー`)ノ',
  invalid: 'Analysis invalid! (ﾉಥ益ಥ）ﾉ ┻━┻',
  unknown: 'Errors occurred during analysis, but no anomalies found. ಠ~ಠ',
} as const;

/** What the workload's generator and checker get from the test options. */
export function workloadOptionsFor(options: TestOptions, random: () => number): WorkloadOptions {
  return {
    nodes: options.nodes,
    concurrency: options.concurrency,
    latencyMs: options.latency.mean,
    topology: options.topology,
    consistencyModels: options.consistencyModels,
    keyCount: options.keyCount,
    maxTxnLength: options.maxTxnLength,
    maxWritesPerKey: options.maxWritesPerKey,
    random,
  };
}

/** The composed checker (SPEC §5), each part wrapped like Jepsen's check-safe. */
export async function analyzeHistory(
  workload: Workload,
  workloadOptions: WorkloadOptions,
  options: TestOptions,
  ops: Op[],
  journal: Journal,
  faults: readonly NodeFault[],
  lateness?: LatenessSummary,
): Promise<Record<string, unknown>> {
  return composeResults({
    // Maelstrom's :perf draws latency and rate PNGs and :timeline an HTML timeline; both are always
    // valid. glomers draws the same plots, and its timeline, in report.html; the keys are kept so
    // scripts that walk results.edn find what they expect.
    perf: { 'latency-graph': { 'valid?': true }, 'rate-graph': { 'valid?': true }, 'valid?': true },
    timeline: { 'valid?': true },
    exceptions: await checkSafe(() => checkExceptions(ops)),
    stats: await checkSafe(() => checkStats(ops)),
    availability: await checkSafe(() => checkAvailability(ops, options.availability)),
    // Ours on top of Maelstrom's :net keys: the harness's own delivery lateness (issue 13 item 7).
    net: await checkSafe(() => ({ ...checkNet(journal, ops), ...(lateness ? { lateness } : {}) })),
    workload: await checkSafe(() => workload.check(ops, workloadOptions)),
    ...(faults.length ? { 'node-faults': checkNodeFaults(faults) } : {}),
  });
}

/**
 * Prints results.edn's text, the summary, one line per reason it failed and Jepsen's verdict, and
 * returns the exit code: 0 valid, 1 invalid, 2 unknown.
 */
export function printResults(results: Record<string, unknown>, print: (line: string) => void): 0 | 1 | 2 {
  print(toEdn(results) + '\n');
  print(formatSummary(results) + '\n');
  const valid = results['valid?'];
  const exitCode = valid === true ? 0 : valid === false ? 1 : 2;
  // The reasons go last, next to the verdict, where a failing run's reader looks.
  for (const line of explainFailures(results)) print(`✗ ${line}`);
  print(exitCode === 0 ? VERDICTS.valid : exitCode === 1 ? VERDICTS.invalid : VERDICTS.unknown);
  return exitCode;
}
