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
}

/** The most handler workers allowed: more than cores only adds cross-thread forwarding. */
export const MAX_WORKERS = 64;
/** Default node-wide SeenSet capacity: about 12 MB of shared memory, touched only as it fills. */
export const DEFAULT_SEEN_CAPACITY = 1 << 20;

/** Reads and validates the settings; throws an Error whose message is fit for stderr. */
export function readConfig(env: Record<string, string | undefined>): RuntimeConfig {
  return {
    workers: integerSetting(env, 'GLOMERS_WORKERS', 1, 0, MAX_WORKERS),
    logLevel: parseLogLevel(env.GLOMERS_LOG),
    seenCapacity: integerSetting(env, 'GLOMERS_SEEN_CAPACITY', DEFAULT_SEEN_CAPACITY, 1, 2 ** 26),
  };
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
