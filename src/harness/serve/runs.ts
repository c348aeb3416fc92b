/**
 * The runs in a store, as `glomers serve` lists them: each run folder (store/<workload>/<timestamp>)
 * with its verdict and the figures people compare between runs, read from its results.json and
 * test.json. A folder without results (a crashed or running test) is listed with verdict unknown.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile } from '../output/outputs.js';
import { storeRuns } from '../output/prune.js';
import { summaryFigures } from '../report/summary.js';

/** One run, as the index shows it. */
export interface RunEntry {
  workload: string;
  /** The folder name (its timestamp). */
  name: string;
  /** `<workload>/<name>`, the path under the store root. */
  path: string;
  verdict: 'valid' | 'invalid' | 'unknown' | 'no results';
  /** Checkers that failed, in results order. */
  failed: string[];
  ops?: number;
  okFraction?: number;
  serversMsgsPerOp?: number;
  allMsgsPerOp?: number;
  stableP50Ms?: number;
  stableMaxMs?: number;
  nodeCount?: number;
  rate?: number;
  timeLimitS?: number;
  nemesis?: string[];
  hasReport: boolean;
}

/** Every run under `root`, newest first. */
export function listRuns(root: string): RunEntry[] {
  const runs: RunEntry[] = [];
  for (const { workload, runs: names } of storeRuns(root)) for (const name of names) runs.push(readRun(root, workload, name));
  // Timestamps of one zone sort as text.
  return runs.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : a.workload.localeCompare(b.workload)));
}

function readRun(root: string, workload: string, name: string): RunEntry {
  const path = `${workload}/${name}`;
  const dir = join(root, workload, name);
  const entry: RunEntry = { workload, name, path, verdict: 'no results', failed: [], hasReport: existsSync(join(dir, 'report.html')) };
  const test = readJsonFile(join(dir, 'test.json'));
  if (test) {
    entry.nodeCount = Array.isArray(test.nodes) ? test.nodes.length : undefined;
    entry.rate = typeof test.rate === 'number' ? test.rate : undefined;
    entry.timeLimitS = typeof test.timeLimitS === 'number' ? test.timeLimitS : undefined;
    entry.nemesis = Array.isArray(test.nemesis) ? (test.nemesis as string[]) : undefined;
  }
  const results = readJsonFile(join(dir, 'results.json'));
  if (!results) return entry;
  const figures = summaryFigures(results);
  entry.verdict = figures.valid === true ? 'valid' : figures.valid === false ? 'invalid' : 'unknown';
  entry.failed = figures.invalidCheckers;
  entry.ops = figures.ops?.count;
  entry.okFraction = figures.okFraction;
  entry.serversMsgsPerOp = figures.serversMsgsPerOp;
  entry.allMsgsPerOp = figures.allMsgsPerOp;
  // results.json holds the quantile map as an object keyed "0.5", "1".
  const latencies = (results.workload as Record<string, unknown> | undefined)?.['stable-latencies'] as Record<string, number> | undefined;
  if (latencies && typeof latencies === 'object') {
    entry.stableP50Ms = latencies['0.5'];
    entry.stableMaxMs = latencies['1'];
  }
  return entry;
}

