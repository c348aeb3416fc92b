/**
 * Runs `glomers test` in-process for the harness integration tests and collects what it printed.
 */
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/harness/cli.js';
import { runTest, type RunOutcome } from '../../src/harness/run.js';

/** The harness fixture node. */
export const FIXTURE = fileURLToPath(new URL('../fixtures/harness-node.js', import.meta.url));

/** A fresh store root per test file, removed at exit unless GLOMERS_KEEP_STORE is set. */
export const STORE = mkdtempSync(join(tmpdir(), 'glomers-harness-'));
if (!process.env.GLOMERS_KEEP_STORE) process.on('exit', () => rmSync(STORE, { recursive: true, force: true }));

/** What one CLI invocation produced. */
export interface CliRun {
  code: number;
  outcome: RunOutcome | undefined;
  output: string;
  errors: string;
}

/** Runs `glomers test <argv>` with the store under STORE. */
export async function glomersTest(argv: string[]): Promise<CliRun> {
  let outcome: RunOutcome | undefined;
  const lines: string[] = [];
  let errors = '';
  const code = await main(
    ['test', '--store', STORE, ...argv],
    {
      test: async (options) => {
        outcome = await runTest(options, { print: (line) => lines.push(line) });
        return outcome.exitCode;
      },
    },
    { out: (s) => lines.push(s), err: (s) => (errors += s) },
  );
  return { code, outcome, output: lines.join('\n'), errors };
}

/** Reads a nested results entry, e.g. at(results, 'net', 'all', 'msg-count'). */
export function at(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const key of path) v = v instanceof Map ? v.get(key) : (v as Record<string, unknown> | undefined)?.[key];
  return v;
}
