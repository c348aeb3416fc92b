/**
 * Why a run failed, one line per failing checker, for the console: results.edn says everything but
 * buries the reason (a lost element list, an anomaly name, a malformed reply) among hundreds of
 * lines, and a user should not have to open files to learn what their node did wrong. Pure.
 */
import { record } from './summary.js';
import { Keyword } from '../edn.js';

/** At most this many example values in one reason line. */
const EXAMPLES = 8;

/**
 * One line per checker whose verdict is false or unknown (`checker: reason`), then one per kind of
 * malformed or crashing reply the exceptions checker grouped, since those are often the cause of
 * an unknown or invalid workload verdict without being a verdict of their own.
 */
export function explainFailures(results: Record<string, unknown>): string[] {
  if (results['valid?'] === true) return [];
  const lines: string[] = [];
  for (const [name, value] of Object.entries(results)) {
    const result = record(value);
    if (!result || result['valid?'] === true || name === 'valid?') continue;
    lines.push(`${name}: ${reason(name, result)}`);
  }
  const groups = record(results.exceptions)?.exceptions;
  if (Array.isArray(groups)) {
    for (const group of groups) {
      const g = record(group);
      const exception = record(record(g?.example)?.exception);
      const klass = typeof exception?.class === 'string' ? exception.class : String(g?.class);
      const message = typeof exception?.message === 'string' ? `: ${exception.message}` : '';
      lines.push(`${klass}${message} (${String(g?.count)} op(s))`);
    }
  }
  return lines;
}

/** The reason a checker's result gives, by the keys it is known to report. */
function reason(name: string, r: Record<string, unknown>): string {
  if (typeof r.error === 'string') return r.error;
  const parts: string[] = [];
  const count = (key: string) => (typeof r[key] === 'number' ? (r[key] as number) : 0);
  if (count('lost-count') > 0) parts.push(`${count('lost-count')} value(s) lost: ${examples(r.lost)}`);
  if (count('duplicated-count') > 0) parts.push(`${count('duplicated-count')} value(s) duplicated: ${examples(r.duplicated)}`);
  if (r['stable-count'] === 0 && r['valid?'] === 'unknown') parts.push('no value was ever read by every later read (did reads fail?)');
  if (Array.isArray(r['anomaly-types']) && r['anomaly-types'].length) parts.push(`anomalies ${r['anomaly-types'].map((t) => (t instanceof Keyword ? t.name : String(t))).join(', ')}`);
  if (Array.isArray(r['bad-error-types']) && r['bad-error-types'].length) parts.push(`errors ${r['bad-error-types'].map(String).join(', ')}`);
  if (typeof r['ok-fraction'] === 'number') parts.push(`ok-fraction ${r['ok-fraction']} is below what --availability asks`);
  if (name === 'workload' && Array.isArray(r['final-reads']) && r.errors) parts.push(`final reads ${examples(r['final-reads'])} outside the acceptable ${describe(r.acceptable)}`);
  else if (Array.isArray(r.errors) && r.errors.length) parts.push(`${r.errors.length} error(s), first: ${describe(r.errors[0])}`);
  if (Array.isArray(r.faults) && r.faults.length) parts.push(r.faults.map((f) => `${String(record(f)?.node)} ${String(record(f)?.kind)}`).join(', '));
  if (r.failures instanceof Map || Array.isArray(r.failures)) {
    const keys = r.failures instanceof Map ? [...r.failures.keys()] : r.failures;
    if (keys.length) parts.push(`not linearizable for key(s) ${examples(keys)}`);
  }
  if (parts.length) return parts.join('; ');
  // A checker we have no words for: name the keys that carry something, so the reader knows where to look.
  const carrying = Object.entries(r)
    .filter(([key, v]) => key !== 'valid?' && ((Array.isArray(v) && v.length > 0) || (typeof v === 'number' && v > 0 && key.endsWith('count'))))
    .map(([key]) => key);
  return `valid? ${String(r['valid?'])}${carrying.length ? `; see ${carrying.join(', ')} in results.edn` : ''}`;
}

function examples(values: unknown): string {
  const list = values instanceof Map ? [...values.keys()] : Array.isArray(values) ? values : [values];
  const shown = list.slice(0, EXAMPLES).map(describe).join(', ');
  return list.length > EXAMPLES ? `${shown}, … (${list.length})` : shown;
}

function describe(value: unknown): string {
  if (value instanceof Map) return JSON.stringify(Object.fromEntries(value));
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
