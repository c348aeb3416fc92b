/**
 * The per-run HTML report (issue 8): one self-contained file with the verdicts, the :perf plots
 * (latency raw and quantiles, op rate, messages per op, nemesis windows shaded), the :net table and
 * a Lamport diagram of the first messages. It loads nothing from the network: uPlot's script and
 * stylesheet are inlined from node_modules, which costs ~53 KB per report.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NEMESIS, type Op } from '../history.js';
import type { JournalEvent } from '../net/journal.js';
import { ARROW_COLORS, drawLamport, lamportViewData, WINDOW_SPANS_MS } from './lamport-view.js';
import { drawPlots, plotData, uplotAssets } from './plots.js';
import { escapeHtml, headlineMsgsPerOp, netFromJournal, netTable, resultsTable, testTable, toJsonText, validity } from './tables.js';
import { drawStableLatency, verdictSection } from './verdict.js';

/** The test's options as the report shows them; any extra key is listed too. */
export interface ReportTestInfo {
  workload: string;
  /** Node ids, or their count. */
  nodes: readonly string[] | number;
  /** Seconds. */
  timeLimit: number;
  /** Ops per second. */
  rate: number;
  [option: string]: unknown;
}

/** What a report is rendered from. */
export interface ReportInput {
  history: readonly Op[];
  journal: readonly JournalEvent[];
  /** The composed checker results (results.json), keyed like Maelstrom's (`valid?`, `net`, ...). */
  results: Record<string, unknown>;
  test: ReportTestInfo;
  /** Messages carried for the Lamport diagram. Default MAX_MESSAGES (lamport-view.ts). */
  lamportLimit?: number;
  /** Raw latency points drawn before sampling kicks in. Default 100,000. */
  maxLatencyPoints?: number;
}

/** The file name the report gets in a run's store folder. */
export const REPORT_FILE = 'report.html';

/** Renders the report as one HTML string. */
export function renderReport(input: ReportInput): string {
  const { history, journal, results, test } = input;
  const data = plotData(history, journal, input.maxLatencyPoints);
  const lamport = lamportViewData(journal, input.lamportLimit);
  const { js, css } = uplotAssets();
  const opCount = history.filter((op) => op.type === 'invoke' && op.process !== NEMESIS).length;
  const net = isRecord(results.net) ? results.net : netFromJournal(journal, opCount);
  const netSource = isRecord(results.net) ? '' : ' <span class="note">(counted from the journal: the results carry no net entry)</span>';
  const headline = headlineMsgsPerOp(net);
  const valid = validity(results);
  const verdict = valid === true ? 'valid' : valid === false ? 'INVALID' : 'unknown';
  const testInfo = { ...test, nodes: Array.isArray(test.nodes) ? test.nodes.join(' ') : test.nodes };
  const nemesisNote = data.nemesis.length
    ? `<p class="note"><span class="swatch nemesis"></span> shaded: network partitioned (${data.nemesis.length} window${data.nemesis.length === 1 ? '' : 's'}, from each start-partition's completion to the next stop-partition's).</p>`
    : '';
  const truncation = lamport.omitted > 0
    ? `<p class="notice">The page carries the first ${lamport.send.length} messages; ${lamport.omitted} later ones are not drawn.</p>`
    : '';
  const spans = WINDOW_SPANS_MS.map((ms) => `<option value="${ms}">${ms === 0 ? 'whole run' : ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`}</option>`).join('');
  const lamportJson = JSON.stringify(lamport).replace(/</g, '\\u003c');
  const dataJson = JSON.stringify(data).replace(/</g, '\\u003c');
  const why = verdictSection(test.workload, results, history);
  const stableJson = why.stable ? JSON.stringify(why.stable).replace(/</g, '\\u003c') : undefined;

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>glomers ${escapeHtml(test.workload)} — ${escapeHtml(verdict)}</title>
<style>${css}</style>
<style>${PAGE_CSS}</style>
</head><body>
<h1>glomers test: ${escapeHtml(test.workload)} <span class="verdict-badge ${valid === true ? 'ok' : valid === false ? 'bad' : 'unknown'}">${escapeHtml(verdict)}</span></h1>
<section id="test"><h2>Test</h2>${testTable(testInfo)}
<p class="note">${opCount} client ops invoked, ${journal.length} journal events, run ended at ${data.endSeconds.toFixed(3)} s.</p></section>
<section id="results"><h2>Results</h2>${resultsTable(results)}
<details><summary>results as JSON</summary><pre>${escapeHtml(toJsonText(results, 2))}</pre></details></section>
${why.html}
<section id="perf"><h2>Performance</h2>${nemesisNote}
<div class="chart" id="latency-raw"></div>
<div class="chart" id="latency-quantiles"></div>
<div class="chart" id="rate"></div></section>
<section id="net"><h2>Network</h2>
${headline ? `<p class="headline">msgs-per-op (${headline.group}): <strong>${headline.value}</strong></p>` : ''}
${netTable(net)}${netSource}
<div class="chart" id="msgs-per-op"></div></section>
<section id="messages"><h2>Messages (Lamport diagram)</h2>
<p class="legend"><span class="swatch" style="background:${ARROW_COLORS.client}"></span> client traffic
<span class="swatch" style="background:${ARROW_COLORS.server}"></span> server traffic
<span class="swatch" style="background:${ARROW_COLORS.error}"></span> error bodies
— dashed, ending in ×: not received within the window. Hover an arrow to see the message.
Lanes: nodes, then services, then clients (one lane when there are many).</p>
${truncation}
<p class="lamport-controls"><label>window starts at <input type="range" id="lamport-start" min="0" value="0" step="1"></label>
<label>length <select id="lamport-span">${spans}</select></label> <span id="lamport-status" class="note"></span></p>
<div class="lamport-scroll" id="lamport"></div>
<pre id="message-inspector" class="inspector">Hover an arrow to see its message here.</pre></section>
<script>${js.replace(/<\/script/gi, '<\\/script')}</script>
<script>(${drawPlots.toString()})(${dataJson});</script>
${stableJson ? `<script>(${drawStableLatency.toString()})(${stableJson});</script>` : ''}
<script>(${drawLamport.toString()})(${lamportJson});</script>
<script>(${inspectMessages.toString()})();</script>
</body></html>
`;
}

/** Renders the report and writes it as `report.html` in `folder`; resolves to the file's path. */
export async function writeReport(folder: string, input: ReportInput): Promise<string> {
  const path = join(folder, REPORT_FILE);
  const html = renderReport(input);
  await mkdir(folder, { recursive: true });
  await writeFile(path, html);
  return path;
}

// The page script below runs in the browser, where this name exists.
declare const document: any;

/**
 * Shows the hovered arrow's message in a panel pinned under the diagram: native <title> tooltips
 * appear late and cut long bodies, and this one can be selected and copied.
 */
function inspectMessages(): void {
  const panel = document.getElementById('message-inspector');
  // The diagram's container: its svg is redrawn whenever the window changes.
  const svg = document.getElementById('lamport');
  if (!panel || !svg) return;
  svg.addEventListener('mouseover', (event: any) => {
    const message = event.target.closest && event.target.closest('g.msg');
    const title = message && message.querySelector('title');
    if (title) panel.textContent = title.textContent;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const PAGE_CSS = `
body { font-family: system-ui, sans-serif; margin: 20px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 18px; border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 28px; }
table.kv, table.results, table.net { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
:is(table.kv, table.results, table.net) :is(th, td) { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.digest { font-size: 12px; max-width: 900px; } td.digest .part { display: inline-block; margin: 0 14px 2px 0; white-space: nowrap; }
.verdict.ok, .verdict-badge.ok { color: #0a7d2c; } .verdict.bad, .verdict-badge.bad { color: #c0142b; font-weight: bold; }
.verdict.unknown, .verdict-badge.unknown { color: #b36b00; }
.note { color: #666; font-size: 13px; } .notice { color: #b36b00; font-weight: bold; }
.headline { font-size: 16px; } h3 { font-size: 15px; } .bad-text { color: #c0142b; }
tr.failing td { background: #fde2e4; font-weight: bold; } details.anomaly { margin: 6px 0; } details.anomaly summary { font-weight: bold; cursor: pointer; }
.chart { margin: 12px 0 24px; } .chart.empty { color: #666; font-style: italic; }
.swatch { display: inline-block; width: 12px; height: 12px; vertical-align: middle; border: 1px solid #999; }
.swatch.nemesis { background: rgba(255, 190, 0, 0.35); }
.lamport-scroll { overflow: auto; max-height: 85vh; border: 1px solid #ddd; }
.lamport-controls input[type=range] { width: 420px; vertical-align: middle; }
.inspector { position: sticky; bottom: 0; margin: 0; border: 1px solid #ccc; white-space: pre-wrap; word-break: break-all; max-height: 150px; }
pre { font-size: 12px; max-height: 400px; overflow: auto; background: #f7f7f7; padding: 8px; }
`;
