/**
 * The HTML of `glomers serve`: the index of runs (one table row per run: workload, verdict, the
 * figures that decide challenges, links to the report and the files) and a run folder's file list.
 * Plain HTML and a little CSS, no script: it must open anywhere, including from a headless test.
 */
import { escapeHtml } from '../report/tables.js';
import type { RunEntry } from './runs.js';

const STYLE = `body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}
th,td{padding:.3em .7em;border-bottom:1px solid #ddd;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
.valid{color:#1a7f37;font-weight:600}.invalid{color:#cf222e;font-weight:600}.unknown,.no-results{color:#9a6700}
tr:hover{background:#f6f8fa}a{color:#0969da}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function fmt(value: number | undefined, digits = 2): string {
  return value === undefined ? '' : String(Number(value.toFixed(digits)));
}

/** The index of every run in the store. */
export function indexPage(root: string, runs: readonly RunEntry[]): string {
  const header = ['workload', 'run', 'verdict', 'nodes', 'rate', 'time limit', 'nemesis', 'ops', 'availability', 'servers msgs/op', 'stable p50 / max ms', ''];
  const rows = runs.map((run) => {
    const href = `/runs/${run.path.split('/').map(encodeURIComponent).join('/')}/`;
    const verdict = `<span class="${run.verdict.replace(' ', '-')}">${run.verdict}</span>${run.failed.length ? ` <small>(${escapeHtml(run.failed.join(', '))})</small>` : ''}`;
    const latency = run.stableP50Ms === undefined ? '' : `${fmt(run.stableP50Ms, 0)} / ${fmt(run.stableMaxMs, 0)}`;
    const report = run.hasReport ? `<a href="${href}report.html">report</a> · ` : '';
    return `<tr data-run="${escapeHtml(run.path)}"><td>${escapeHtml(run.workload)}</td><td><a href="${href}">${escapeHtml(run.name)}</a></td><td>${verdict}</td>` +
      `<td class="num">${run.nodeCount ?? ''}</td><td class="num">${fmt(run.rate)}</td><td class="num">${run.timeLimitS === undefined ? '' : `${run.timeLimitS} s`}</td>` +
      `<td>${escapeHtml((run.nemesis ?? []).join(', '))}</td><td class="num">${run.ops ?? ''}</td><td class="num">${fmt(run.okFraction, 3)}</td>` +
      `<td class="num">${fmt(run.serversMsgsPerOp)}</td><td class="num">${latency}</td><td>${report}<a href="${href}">files</a></td></tr>`;
  });
  const table = runs.length === 0
    ? `<p>No runs in ${escapeHtml(root)} yet: <code>glomers test ...</code> writes them there.</p>`
    : `<table><thead><tr>${header.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return page('glomers runs', `<h1>Runs in ${escapeHtml(root)}</h1><p>${runs.length} run(s), newest first.</p>${table}`);
}

/** A folder's listing: its files and subfolders, with sizes. */
export function folderPage(title: string, entries: ReadonlyArray<{ name: string; isDir: boolean; size: number }>): string {
  const items = entries.map((e) => `<li><a href="${encodeURIComponent(e.name)}${e.isDir ? '/' : ''}">${escapeHtml(e.name)}${e.isDir ? '/' : ''}</a>${e.isDir ? '' : ` <small>${e.size} bytes</small>`}</li>`);
  return page(title, `<p><a href="/">all runs</a></p><h1>${escapeHtml(title)}</h1><ul>${items.join('')}</ul>`);
}
