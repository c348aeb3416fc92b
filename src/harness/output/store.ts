/**
 * The run's store folder (SPEC §7 store layout): store/<workload>/<yyyyMMddTHHmmss.SSS±ZZZZ>/ with
 * node-logs/, and the symlinks store/latest, store/current and store/<workload>/latest.
 */
import { createWriteStream, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { once } from 'node:events';

/** A created store folder. */
export interface RunStore {
  /** The run's folder. */
  dir: string;
  /** node-logs/ inside it. */
  nodeLogs: string;
}

/** Jepsen's timestamp: local time as yyyyMMddTHHmmss.SSS±ZZZZ. */
export function storeTimestamp(date: Date): string {
  const p = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}T` +
    `${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}.${p(date.getMilliseconds(), 3)}` +
    `${sign}${p(Math.floor(Math.abs(offset) / 60))}${p(Math.abs(offset) % 60)}`
  );
}

/** Creates the run folder and points the latest/current symlinks at it. */
export function createRunStore(root: string, workload: string, date = new Date()): RunStore {
  let dir = join(root, workload, storeTimestamp(date));
  for (let k = 1; existsSync(dir); k++) dir = join(root, workload, `${storeTimestamp(date)}-${k}`);
  const nodeLogs = join(dir, 'node-logs');
  mkdirSync(nodeLogs, { recursive: true });
  for (const link of [join(root, 'latest'), join(root, 'current'), join(root, workload, 'latest')]) relink(link, dir);
  return { dir, nodeLogs };
}


function relink(link: string, target: string): void {
  try {
    rmSync(link, { force: true });
    symlinkSync(relative(dirname(link), target), link);
  } catch {
    // a symlink is a convenience; a filesystem without them still gets the run folder
  }
}

/** Writes lines to a file through a stream, so a million journal events never form one string. */
export async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const line of lines) {
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
