/**
 * HTML tables for the report: the test's parameters, the checkers' verdicts, and the `:net`
 * message counts (SPEC §3.4, §5). Results are read loosely, since they are keyed like Maelstrom's
 * results.edn (`valid?`, `send-count`, ...) and a checker may add keys the report has not heard of.
 */
import type { JournalEvent } from '../net/journal.js';
import { isClient } from './data.js';

/** Escapes text for an HTML (or SVG) attribute or element. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A checker's verdict, whichever spelling the results use. */
export function validity(value: unknown): unknown {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  return 'valid?' in record ? record['valid?'] : record.valid;
}

function verdictCell(valid: unknown): string {
  const [label, cls] = valid === true ? ['valid', 'ok'] : valid === false ? ['INVALID', 'bad'] : valid === undefined ? ['—', ''] : [String(valid), 'unknown'];
  return `<td class="verdict ${cls}">${escapeHtml(label)}</td>`;
}

/** JSON with Maps as objects and Sets as arrays: checker results hold quantile Maps. */
export function toJsonText(value: unknown, indent?: number): string {
  const replacer = (_key: string, v: unknown) => (v instanceof Map ? Object.fromEntries([...v].map(([k, x]) => [String(k), x])) : v instanceof Set ? [...v] : v);
  return JSON.stringify(value, replacer, indent) ?? String(value);
}

/** Options that matter only to some workloads: shown only for those (and only when set). */
const WORKLOAD_OPTIONS: Record<string, (workload: string) => boolean> = {
  topology: (w) => w === 'broadcast',
  consistencyModels: (w) => w.startsWith('txn-'),
  maxTxnLength: (w) => w.startsWith('txn-'),
  maxWritesPerKey: (w) => w.startsWith('txn-'),
  keyCount: (w) => w.startsWith('txn-'),
  recoveryS: (w) => ['broadcast', 'g-set', 'g-counter', 'pn-counter', 'kafka'].includes(w),
};

/** Options that describe the harness rather than the test (where files went, logging). */
const HIDDEN_OPTIONS = new Set(['storeRoot', 'logStderr', 'logNetSend', 'logNetRecv', 'trace', 'timeLimitS']);

/**
 * Two-column table of the test's options, as a reader of this workload needs them: what only other
 * workloads use is left out, as are the nemesis interval without a nemesis and empty node args.
 */
export function testTable(test: Record<string, unknown>): string {
  const workload = String(test.workload ?? '');
  const nemesis = Array.isArray(test.nemesis) ? test.nemesis : [];
  const shown = Object.entries(test).filter(([k, v]) => {
    if (v === undefined || HIDDEN_OPTIONS.has(k)) return false;
    if (k in WORKLOAD_OPTIONS && !WORKLOAD_OPTIONS[k](workload)) return false;
    if ((k === 'nemesis' || k === 'nemesisIntervalS') && nemesis.length === 0) return false;
    if (k === 'binArgs' && Array.isArray(v) && v.length === 0) return false;
    return true;
  });
  const text = (k: string, v: unknown) => {
    if (k === 'latency' && v && typeof v === 'object') {
      const l = v as { mean?: number; dist?: string };
      return l.mean ? `${l.mean} ms mean, ${l.dist}` : '0 (none)';
    }
    return typeof v === 'string' ? v : Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : toJsonText(x))).join(' ') : toJsonText(v);
  };
  return `<table class="kv">${shown.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(text(k, v))}</td></tr>`).join('')}</table>`;
}

/** A checker's result, without its verdict, as short readable parts: no cut-off JSON. */
export function digest(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return value === undefined ? [] : [String(value)];
  const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(value);
  const parts: string[] = [];
  for (const [key, v] of entries) {
    if (key === 'valid?' || key === 'valid' || v === undefined) continue;
    if (v === null || typeof v !== 'object') parts.push(`${key} ${String(v)}`);
    else if (isQuantileMap(v)) parts.push(`${key} ${quantileText(v)}`);
    else if (Array.isArray(v) || v instanceof Set) {
      const items: unknown[] = [...(v as Iterable<unknown>)];
      const scalars = items.every((x) => x === null || typeof x !== 'object');
      parts.push(items.length === 0 ? `${key} none` : scalars && items.length <= 8 ? `${key} ${items.map((x) => String(x)).join(', ')}` : `${key}: ${items.length} (below)`);
    } else {
      const inner = (v instanceof Map ? [...v.entries()].map(([k, x]) => [String(k), x] as const) : Object.entries(v)).filter(([k]) => k !== 'valid?');
      const flat = inner.every(([, x]) => x === null || typeof x !== 'object' || (Object.keys(x as object).length === 1 && 'valid?' in (x as object)));
      const text = ([k, x]: readonly [string, unknown]) => (x !== null && typeof x === 'object' ? `${k} ${validity(x) === true ? 'valid' : String(validity(x))}` : `${k} ${String(x)}`);
      if (inner.length === 0) parts.push('valid?' in v ? text([key, v]) : `${key} none`);
      else if (flat && inner.length <= 8) parts.push(`${key}: ${inner.map(text).join(', ')}`);
      else parts.push(`${key}: ${inner.length} entries (see results as JSON)`);
    }
  }
  return parts;
}

function isQuantileMap(v: object): boolean {
  const entries = v instanceof Map ? [...v.entries()].map(([k, x]) => [String(k), x] as const) : Object.entries(v);
  return entries.length > 1 && entries.some(([k]) => k.includes('.')) && entries.every(([k, x]) => /^(0(\.\d+)?|1)$/.test(k) && typeof x === 'number');
}

function quantileText(v: object): string {
  const entries = (v instanceof Map ? [...v.entries()] : Object.entries(v)).map(([q, x]) => [Number(q), x] as const).sort((a, b) => a[0] - b[0]);
  return entries.map(([q, x]) => `${q === 1 ? 'max' : q === 0 ? 'min' : `p${Number((q * 100).toFixed(2))}`} ${String(x)}`).join(', ');
}

/** One row per checker with its verdict and its figures (nested details are in "Why this verdict" and the JSON). */
export function resultsTable(results: Record<string, unknown>): string {
  const rows: string[] = [`<tr><th>valid?</th>${verdictCell(validity(results))}<td></td></tr>`];
  for (const [name, value] of Object.entries(results)) {
    if (name === 'valid?' || name === 'valid') continue;
    const parts = digest(value).map((p) => `<span class="part">${escapeHtml(p)}</span>`);
    rows.push(`<tr><th>${escapeHtml(name)}</th>${verdictCell(validity(value))}<td class="digest">${parts.join('')}</td></tr>`);
  }
  return `<table class="results"><tr><th>checker</th><th>verdict</th><th>details</th></tr>${rows.join('')}</table>`;
}

/** Message counts per group, computed from the journal when the results carry no `net` entry. */
export function netFromJournal(journal: readonly JournalEvent[], opCount: number): Record<string, Record<string, number>> {
  const groups: Record<string, { sends: number; recvs: number; ids: Set<number> }> = {
    all: { sends: 0, recvs: 0, ids: new Set() },
    clients: { sends: 0, recvs: 0, ids: new Set() },
    servers: { sends: 0, recvs: 0, ids: new Set() },
  };
  for (const event of journal) {
    for (const group of [groups.all, isClient(event.src) || isClient(event.dest) ? groups.clients : groups.servers]) {
      if (event.kind === 'send') group.sends++;
      else group.recvs++;
      group.ids.add(event.id);
    }
  }
  const out: Record<string, Record<string, number>> = {};
  for (const [name, group] of Object.entries(groups)) {
    out[name] = { 'send-count': group.sends, 'recv-count': group.recvs, 'msg-count': group.ids.size };
    if (name !== 'clients' && opCount > 0) out[name]['msgs-per-op'] = Math.round((group.ids.size / opCount) * 1e6) / 1e6;
  }
  return out;
}

/** The `:net` table: rows all/clients/servers, columns whatever counts they carry. */
export function netTable(net: Record<string, unknown>): string {
  const groups = ['all', 'clients', 'servers'].filter((g) => net[g] && typeof net[g] === 'object');
  const columns: string[] = [];
  for (const g of groups) for (const key of Object.keys(net[g] as object)) if (!columns.includes(key)) columns.push(key);
  const head = `<tr><th>group</th>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = groups.map((g) => {
    const row = net[g] as Record<string, unknown>;
    return `<tr><th>${g}</th>${columns.map((c) => `<td class="num">${row[c] === undefined ? '' : escapeHtml(String(row[c]))}</td>`).join('')}</tr>`;
  });
  return `<table class="net">${head}${body.join('')}</table>`;
}

/** The servers' (else all) msgs-per-op from a net result, for the headline figure. */
export function headlineMsgsPerOp(net: Record<string, unknown>): { group: string; value: number } | undefined {
  for (const group of ['servers', 'all']) {
    const row = net[group] as Record<string, unknown> | undefined;
    const value = row?.['msgs-per-op'] ?? row?.msgsPerOp;
    if (typeof value === 'number') return { group, value };
  }
  return undefined;
}
