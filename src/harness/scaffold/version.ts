/** This installation's package version, read from its package.json (two folders above dist/harness). */
import { readFileSync } from 'node:fs';

/** The version in glomers' own package.json, or 0.0.0 if it cannot be read. */
export function packageVersion(): string {
  try {
    const json = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
