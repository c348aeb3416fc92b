/**
 * `glomers store prune`: keeps the newest N runs of each workload under a store root and deletes
 * the rest. Long soak or benchmark sessions write hundreds of run folders (a 25-node broadcast run
 * can hold gigabytes of history and journal), and nothing else ever removes them.
 */
import { lstatSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';

/** What prune removed (or would remove) and kept, per workload folder. */
export interface PruneReport {
  removed: string[];
  kept: number;
}

/** A run folder's name: Jepsen's timestamp (yyyyMMddTHHmmss.SSS±ZZZZ), maybe with a -k suffix. */
const RUN_NAME = /^\d{8}T\d{6}\.\d{3}[+-]\d{4}(-\d+)?$/;

/**
 * Removes all but the newest `keep` run folders of each workload under `root`. Folders that
 * latest/current point at are always kept, and anything not named like a run is never touched.
 * With `dryRun`, only reports.
 */
export function pruneStore(root: string, keep: number, dryRun = false): PruneReport {
  const report: PruneReport = { removed: [], kept: 0 };
  const pinned = new Set<string>();
  const pin = (link: string) => {
    try {
      pinned.add(realpathSync(link));
    } catch {
      // a dangling or missing link pins nothing
    }
  };
  pin(join(root, 'latest'));
  pin(join(root, 'current'));
  for (const { workload, runs } of storeRuns(root)) {
    const dir = join(root, workload);
    pin(join(dir, 'latest'));
    runs.forEach((name, i) => {
      const path = join(dir, name);
      if (i < keep || pinned.has(realpathSync(path))) {
        report.kept++;
        return;
      }
      if (!dryRun) rmSync(path, { recursive: true, force: true });
      report.removed.push(path);
    });
  }
  return report;
}

/**
 * The run folders under a store root, per workload folder, newest first: folders named like runs
 * (symlinks such as latest are not). No store yet reads as none.
 */
export function storeRuns(root: string): Array<{ workload: string; runs: string[] }> {
  let workloads: string[];
  try {
    workloads = readdirSync(root);
  } catch {
    return [];
  }
  return workloads
    .filter((workload) => isRealDirectory(join(root, workload)))
    // Timestamps of one zone sort as text; newest first.
    .map((workload) => ({ workload, runs: readdirSync(join(root, workload)).filter((name) => RUN_NAME.test(name) && isRealDirectory(join(root, workload, name))).sort().reverse() }));
}

function isRealDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

const keepCount = (value: string): number => {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number of runs to keep per workload (>= 0)');
  return Number(value);
};

/** Adds `store prune` to a commander program (exit code in the program's 'exitCode' option value). */
export function registerStoreCommand(program: Command, out: (line: string) => void = (line) => console.log(line)): Command {
  const store = program.command('store').description('Manages the store of runs: `store/latest` is the newest run, `store/current` the run in progress (or the last one), as in Jepsen.');
  store
    .command('prune')
    .description('Deletes all but the newest --keep runs of each workload (never what latest/current point at).')
    .option('--keep <n>', 'runs to keep per workload', keepCount, 10)
    .option('--store <dir>', 'the store root', 'store')
    .option('--dry-run', 'list what would be deleted, delete nothing', false)
    .action((flags: { keep: number; store: string; dryRun: boolean }) => {
      const report = pruneStore(resolve(flags.store), flags.keep, flags.dryRun);
      for (const path of report.removed) out(`${flags.dryRun ? 'would remove' : 'removed'} ${path}`);
      out(`${flags.dryRun ? 'would remove' : 'removed'} ${report.removed.length} run(s), kept ${report.kept}`);
      program.setOptionValue('exitCode', 0);
    });
  store.exitOverride();
  return store;
}
