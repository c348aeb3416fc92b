/**
 * The node process's settings, read once from the environment and validated loudly: a bad value
 * stops the process with a message naming the variable, the value and what was expected.
 */
import { parseLogLevel, type LogLevel } from '../shared/log.js';

/** Settings for one node process. */
export interface RuntimeConfig {
  /** Handler worker threads (GLOMERS_WORKERS, default 1). 0 runs everything on the main thread (benchmark baseline only). */
  workers: number;
  /** GLOMERS_LOG, default info. */
  logLevel: LogLevel;
  /** Values the node-wide SeenSet holds (GLOMERS_SEEN_CAPACITY, default 1048576). */
  seenCapacity: number;
  /** Bytes of each worker slot's durable journal (GLOMERS_JOURNAL_BYTES, default 128 MiB; 0 turns journaling off). */
  journalBytes: number;
  /** Fault injection (GLOMERS_FAULT_KILL_WORKER=<min_ms>-<max_ms>): each worker, replacements included, dies after a random delay in this range. */
  killWorker?: { minMs: number; maxMs: number };
}

/** The most handler workers allowed: more than cores only adds cross-thread forwarding. */
export const MAX_WORKERS = 64;
/** Default node-wide SeenSet capacity: about 12 MB of shared memory, touched only as it fills. */
export const DEFAULT_SEEN_CAPACITY = 1 << 20;

/** Default journal size per worker slot: shared memory is touched only as records are written. */
export const DEFAULT_JOURNAL_BYTES = 128 * 2 ** 20;

/** Reads and validates the settings; throws an Error whose message is fit for stderr. */
export function readConfig(env: Record<string, string | undefined>): RuntimeConfig {
  return {
    workers: integerSetting(env, 'GLOMERS_WORKERS', 1, 0, MAX_WORKERS),
    logLevel: parseLogLevel(env.GLOMERS_LOG),
    seenCapacity: integerSetting(env, 'GLOMERS_SEEN_CAPACITY', DEFAULT_SEEN_CAPACITY, 1, 2 ** 26),
    journalBytes: integerSetting(env, 'GLOMERS_JOURNAL_BYTES', DEFAULT_JOURNAL_BYTES, 0, 2 ** 30),
    killWorker: rangeSetting(env, 'GLOMERS_FAULT_KILL_WORKER'),
  };
}

function rangeSetting(env: Record<string, string | undefined>, name: string): { minMs: number; maxMs: number } | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const match = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(raw);
  if (!match || Number(match[1]) > Number(match[2]) || Number(match[2]) > 2 ** 31 - 1) {
    throw new Error(`${name} must be <min_ms>-<max_ms> with min <= max (e.g. 1000-3000); got ${JSON.stringify(raw)}`);
  }
  return { minMs: Number(match[1]), maxMs: Number(match[2]) };
}

function integerSetting(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}; got ${JSON.stringify(raw)}`);
  }
  return value;
}
