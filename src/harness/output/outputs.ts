/**
 * The run's output files: results.json and results.edn, history.edn and history.txt, and
 * net-journal.jsonl (SPEC §7; the journal is JSON lines instead of Fressian stripes).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toEdn, toEdnLine } from '../edn.js';
import type { Op } from '../history.js';
import type { Journal } from '../net/journal.js';
import { writeLines } from './store.js';

/** JSON with Maps as objects and Sets as arrays (results hold quantile Maps). */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), x]));
      if (v instanceof Set) return [...v];
      return v;
    },
    indent,
  );
}

/** A run file's JSON object (results.json, test.json), or undefined when it is missing or unreadable. */
export function readJsonFile(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Writes every output file of a finished run. */
export async function writeOutputs(dir: string, history: readonly Op[], journal: Journal, results: unknown): Promise<void> {
  if (results !== undefined) {
    writeFileSync(join(dir, 'results.json'), toJson(results, 2) + '\n');
    writeFileSync(join(dir, 'results.edn'), toEdn(results) + '\n');
  }
  await writeLines(join(dir, 'history.edn'), mapIter(history, toEdnLine));
  await writeLines(join(dir, 'history.txt'), mapIter(history, historyTextLine));
  await writeLines(join(dir, 'net-journal.jsonl'), journal.lines());
}

/** Jepsen's history.txt row: process, type, f, value and error, tab-separated. */
export function historyTextLine(op: Op): string {
  const cells = [
    typeof op.process === 'number' ? String(op.process) : `:${op.process}`,
    `:${op.type}`,
    `:${op.f}`,
    toEdnLine(op.value ?? null),
  ];
  if (op.error !== undefined) cells.push(toEdnLine(op.error));
  return cells.join('\t');
}

function* mapIter<T>(items: Iterable<T>, f: (item: T) => string): Generator<string> {
  for (const item of items) yield f(item);
}
