/**
 * Runs the broadcast challenges' official command lines under `glomers test` and judges them the
 * way the issue asks: an invalid run (or any lost value) always fails; a run that misses only a
 * latency bound may be re-run once, because the machine is shared and noisy; a missed
 * msgs-per-op bound is never excused.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { challengeFigures } from '../../src/harness/challenge/criteria.js';
import { at, glomersTest } from './harness-helpers.js';

/** The product bin (built by `npm run build`). */
export const BROADCAST_BIN = fileURLToPath(new URL('../../../dist/bin/broadcast.js', import.meta.url));

/** The official command lines (CHALLENGES.md), after `-w broadcast --bin <bin>`. */
export const OFFICIAL = {
  '3a': ['--node-count', '1', '--time-limit', '20', '--rate', '10'],
  '3b': ['--node-count', '5', '--time-limit', '20', '--rate', '10'],
  '3c': ['--node-count', '5', '--time-limit', '20', '--rate', '10', '--nemesis', 'partition'],
  '3d': ['--node-count', '25', '--time-limit', '20', '--rate', '100', '--latency', '100'],
} as const;

/** Bounds a run must meet besides validity. */
export interface Bounds {
  /** Servers msgs-per-op must be below this (or at most, with inclusive). */
  mpo?: number;
  median?: number;
  max?: number;
  /** Whether the bounds are "at most" (ours) rather than "under" (official). */
  inclusive?: boolean;
}

/** What a run measured. */
export interface BroadcastFigures {
  valid: unknown;
  lost: number;
  mpo: number;
  median: number;
  max: number;
  /** Client ops that completed fail or info (timeouts and errors). */
  notOk: number;
  summary: string;
}

async function runOnce(argv: string[]): Promise<BroadcastFigures> {
  const run = await glomersTest(['-w', 'broadcast', '--bin', BROADCAST_BIN, ...argv]);
  const r = run.outcome?.results;
  assert.ok(r, `no results: exit ${run.code}\n${run.errors}`);
  const c = challengeFigures(r as Record<string, unknown>);
  const figures = {
    valid: c.valid,
    lost: c.lostCount ?? NaN,
    mpo: c.serversMsgsPerOp ?? NaN,
    median: c.medianMs ?? NaN,
    max: c.maxMs ?? NaN,
    notOk: Number(at(r, 'stats', 'fail-count')) + Number(at(r, 'stats', 'info-count')),
  };
  return { ...figures, summary: `${argv.join(' ')}: ${JSON.stringify(figures)} (${run.outcome?.dir ?? ''})` };
}

/** Runs the command; asserts validity, no loss, and the bounds (one re-run for latency only). */
export async function assertBroadcastRun(argv: string[], bounds: Bounds = {}): Promise<BroadcastFigures> {
  const below = (value: number, bound: number | undefined) =>
    bound === undefined || (bounds.inclusive ? value <= bound : value < bound);
  for (let attempt = 1; ; attempt++) {
    const f = await runOnce(argv);
    assert.equal(f.valid, true, `invalid run: ${f.summary}`);
    assert.equal(f.lost, 0, `lost values: ${f.summary}`);
    assert.ok(below(f.mpo, bounds.mpo), `msgs-per-op over ${bounds.mpo}: ${f.summary}`);
    const latencyOk = below(f.median, bounds.median) && below(f.max, bounds.max);
    if (latencyOk) return f;
    if (attempt === 2) assert.fail(`latency bounds missed twice (median ${bounds.median}, max ${bounds.max}): ${f.summary}`);
    process.stderr.write(`latency bound missed once, re-running: ${f.summary}\n`);
  }
}
