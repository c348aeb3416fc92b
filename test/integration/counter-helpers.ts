/**
 * Runs `glomers test` in-process for the counter tests (the run attaches the services and the
 * registry lists g-counter and pn-counter).
 */
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/harness/cli.js';
import { runTest, type RunOutcome } from '../../src/harness/run.js';

/** The real counter node, as built by `npx tsc -p tsconfig.json` (npm run build). */
export const COUNTER_BIN = fileURLToPath(new URL('../../../dist/bin/counter.js', import.meta.url));
/** The wrong counters (argv[2]: drop-adds | local-only). */
export const WRONG_COUNTER = fileURLToPath(new URL('../fixtures/counter-wrong.js', import.meta.url));

/** A fresh store root per test file. */
export const STORE = mkdtempSync(join(tmpdir(), 'glomers-counter-'));

/** What one run produced. */
export interface CounterRun {
  code: number;
  outcome: RunOutcome | undefined;
  output: string;
}

/** Runs `glomers test <argv>` with the store under STORE. */
export async function counterTest(argv: string[]): Promise<CounterRun> {
  let outcome: RunOutcome | undefined;
  const lines: string[] = [];
  const code = await main(
    ['test', '--store', STORE, ...argv],
    {
      test: async (options) => {
        outcome = await runTest(options, { print: (line) => lines.push(line) });
        return outcome.exitCode;
      },
    },
    { out: (s) => lines.push(s), err: (s) => lines.push(s) },
  );
  return { code, outcome, output: lines.join('\n') };
}

/** Reads a nested results entry, e.g. at(results, 'net', 'servers', 'msgs-per-op'). */
export function at(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const key of path) v = v instanceof Map ? v.get(key) : (v as Record<string, unknown> | undefined)?.[key];
  return v;
}
