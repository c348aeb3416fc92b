/**
 * HTML tables for the report: the test's parameters, the checkers' verdicts, and the `:net`
 * message counts (SPEC §3.4, §5). Results are read loosely, since they are keyed like Maelstrom's
 * results.edn (`valid?`, `send-count`, ...) and a checker may add keys the report has not heard of.
 */
import type { JournalEvent } from '../net/journal.js';
import { escapeXml } from './lamport.js';
import { isClient } from './data.js';

/** Escapes text for HTML. */
export const escapeHtml = escapeXml;

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

function short(value: unknown, max = 300): string {
  const json = toJsonText(value);
  return json.length > max ? `${json.slice(0, max)}…` : json;
}

/** Two-column table of the test's options. */
export function testTable(test: Record<string, unknown>): string {
  const rows = Object.entries(test)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(typeof v === 'string' ? v : short(v))}</td></tr>`);
  return `<table class="kv">${rows.join('')}</table>`;
}

/** One row per checker with its verdict and a short digest of the rest of its result. */
export function resultsTable(results: Record<string, unknown>): string {
  const rows: string[] = [`<tr><th>valid?</th>${verdictCell(validity(results))}<td></td></tr>`];
  for (const [name, value] of Object.entries(results)) {
    if (name === 'valid?' || name === 'valid') continue;
    const rest = value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'valid?' && k !== 'valid')) : value;
    rows.push(`<tr><th>${escapeHtml(name)}</th>${verdictCell(validity(value))}<td class="digest">${escapeHtml(short(rest))}</td></tr>`);
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
