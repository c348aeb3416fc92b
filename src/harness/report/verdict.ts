/**
 * The report's "Why this verdict" section: the figure that decides the run, per workload.
 * - broadcast / g-set (set-full): each element's stable latency over the time it became known,
 *   with challenge 3d's and 3e's bounds drawn, the worst-stale elements and any lost ones;
 * - counters: every final read beside the acceptable values;
 * - everything else (kafka, txn, lin-kv, ...): each anomaly or failure the checker reported, with
 *   the ops that show it, in full (the results table above only summarises).
 */
import { setFullElements } from '../checkers/set-full.js';
import type { Op } from '../history.js';
import { record } from './summary.js';
import { escapeHtml, toJsonText } from './tables.js';

/** The stable-latency scatter's data, for the browser script. */
export interface StableLatencyData {
  /** Seconds when each stable element became known, and its stable latency in ms. */
  times: number[];
  latencies: number[];
  /** Seconds when each lost element became known. */
  lostTimes: number[];
  /** Horizontal bounds to draw: challenge 3d's and 3e's, ms. */
  bounds: Array<{ label: string; ms: number; color: string }>;
}

/** Challenge 3d's and 3e's stable-latency bounds (CHALLENGES.md): median and max. */
const BOUNDS: StableLatencyData['bounds'] = [
  { label: '3d median < 400 ms', ms: 400, color: '#2ca02c' },
  { label: '3d max < 600 ms', ms: 600, color: '#d62728' },
  { label: '3e median < 1000 ms', ms: 1000, color: '#9467bd' },
  { label: '3e max < 2000 ms', ms: 2000, color: '#8c564b' },
];

/** Entries of a list shown in full before the rest is only counted. */
const SHOWN = 20;

/** The section's HTML, and the stable-latency data when the workload is a set. */
export function verdictSection(workloadName: string, results: Record<string, unknown>, history: readonly Op[]): { html: string; stable?: StableLatencyData } {
  const workload = record(results.workload) ?? {};
  if ('stable-count' in workload || 'attempt-count' in workload) return setSection(workloadName, workload, history);
  if ('final-reads' in workload && 'acceptable' in workload) return { html: wrap(counterHtml(workload, history)) };
  if (Array.isArray(workload.failures) && workload.results !== undefined) return { html: wrap(linearizabilityHtml(workload, history)) };
  return { html: wrap(anomaliesHtml(workload)) };
}

function wrap(body: string): string {
  return `<section id="why"><h2>Why this verdict</h2>${body}</section>`;
}

function setSection(workloadName: string, workload: Record<string, unknown>, history: readonly Op[]): { html: string; stable: StableLatencyData } {
  const elements = setFullElements(history, { addF: workloadName === 'broadcast' ? 'broadcast' : 'add' });
  const stable: StableLatencyData = { times: [], latencies: [], lostTimes: [], bounds: BOUNDS };
  for (const e of elements) {
    const t = (e.known?.time ?? 0) / 1e9;
    if (e['stable-latency'] !== null) {
      stable.times.push(t);
      stable.latencies.push(e['stable-latency']);
    } else if (e['lost-latency'] !== null) stable.lostTimes.push(t);
  }
  const lost = Array.isArray(workload.lost) ? workload.lost : [];
  const worst = Array.isArray(workload['worst-stale']) ? (workload['worst-stale'] as Array<Record<string, unknown>>) : [];
  const opCell = (op: unknown) => {
    const o = record(op);
    return o ? `${((o.time as number) / 1e9).toFixed(3)} s, process ${escapeHtml(String(o.process))} (${escapeHtml(String(o.f))} ${escapeHtml(String(o.type))})` : '—';
  };
  const worstRows = worst.map((w) => `<tr><td class="num">${escapeHtml(toJsonText(w.element))}</td><td class="num">${escapeHtml(String(w['stable-latency']))}</td><td>${opCell(w.known)}</td><td>${opCell(w['last-absent'])}</td></tr>`);
  const html = wrap(
    `<p>Each dot is one element: when it became known (its broadcast was acknowledged, or a read first showed it) and how long until every later read showed it (its stable latency). ` +
      `Lines: challenge 3d's and 3e's bounds on the median and the maximum. Lost elements are marked at the bottom in red.</p>` +
      `<div class="chart" id="stable-latency"></div>` +
      `<h3>Stalest elements</h3>` +
      (worstRows.length
        ? `<table class="results"><tr><th>element</th><th>stable latency (ms)</th><th>known at</th><th>last read that missed it (invoked)</th></tr>${worstRows.join('')}</table>`
        : '<p class="note">No element was stale: every read after an element was known showed it.</p>') +
      (lost.length
        ? `<h3>Lost elements (${lost.length})</h3><p class="bad-text">${escapeHtml(lost.slice(0, 200).map((v) => toJsonText(v)).join(' '))}${lost.length > 200 ? ' …' : ''}</p>`
        : '<p class="note">No element was lost.</p>'),
  );
  return { html, stable };
}

function counterHtml(workload: Record<string, unknown>, history: readonly Op[]): string {
  const acceptable = Array.isArray(workload.acceptable) ? (workload.acceptable as Array<[number, number]>) : [];
  const inside = (v: unknown) => typeof v === 'number' && acceptable.some(([lo, hi]) => lo <= v && v <= hi);
  const reads = history.filter((op) => op.final === true && op.type === 'ok');
  const ranges = acceptable.map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}–${hi}`)).join(', ');
  const rows = reads.map((op) => `<tr><td>${escapeHtml(String(op.process))}</td><td class="num">${escapeHtml(toJsonText(op.value))}</td><td class="verdict ${inside(op.value) ? 'ok' : 'bad'}">${inside(op.value) ? 'acceptable' : 'NOT acceptable'}</td></tr>`);
  return (
    `<p>The counter is valid when every final read is one of the acceptable values: the sum of the acknowledged adds, plus any subset of the adds whose outcome is unknown. Acceptable: <strong>${escapeHtml(ranges || '—')}</strong>.</p>` +
    (rows.length ? `<table class="results"><tr><th>process</th><th>final read</th><th></th></tr>${rows.join('')}</table>` : '<p class="notice">No final read completed.</p>')
  );
}

/** lin-kv: per key that is not linearizable, the op no order could explain and the key's ops up to it. */
function linearizabilityHtml(workload: Record<string, unknown>, history: readonly Op[]): string {
  const failures = workload.failures as unknown[];
  if (failures.length === 0) return '<p class="note">Every key\'s history is linearizable.</p>';
  const results = workload.results instanceof Map ? workload.results : new Map(Object.entries(record(workload.results) ?? {}));
  const parts = failures.slice(0, 10).map((key) => {
    const entry = record(results.get(key) ?? results.get(String(key)));
    const lin = record(entry?.linearizable);
    const op = record(lin?.op);
    const at = typeof op?.index === 'number' ? op.index : Infinity;
    const keyOps = history.filter((o) => o.type !== 'invoke' && Array.isArray(o.value) && toJsonText((o.value as unknown[])[0]) === toJsonText(key) && o.index <= at).slice(-SHOWN);
    const rows = keyOps.map((o) => `<tr${o.index === at ? ' class="failing"' : ''}><td class="num">${o.index}</td><td class="num">${(o.time / 1e9).toFixed(3)}</td><td>${escapeHtml(String(o.process))}</td><td>${escapeHtml(o.type)}</td><td>${escapeHtml(o.f)}</td><td>${escapeHtml(toJsonText(o.value))}</td></tr>`);
    const could = Array.isArray(lin?.['final-values']) ? ` The register could then hold: ${escapeHtml((lin!['final-values'] as unknown[]).map((v) => toJsonText(v)).join(', '))}.` : '';
    return `<h3>Key ${escapeHtml(toJsonText(key))}: not linearizable</h3>` +
      (op ? `<p>No order of this key's ops explains op ${escapeHtml(String(op.index))}: process ${escapeHtml(String(op.process))} ${escapeHtml(String(op.f))} ${escapeHtml(String(op.type))} with value ${escapeHtml(toJsonText(op.value))} at ${((op.time as number) / 1e9).toFixed(3)} s.${could}</p>` : '') +
      `<table class="results"><tr><th>index</th><th>time (s)</th><th>process</th><th>type</th><th>f</th><th>value [key, value]</th></tr>${rows.join('')}</table>`;
  });
  return parts.join('') + (failures.length > 10 ? `<p class="note">… and ${failures.length - 10} more key(s) in results.json.</p>` : '');
}

function anomaliesHtml(workload: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(workload)) {
    if (key === 'valid?' || value === null || typeof value !== 'object') continue;
    const entries = value instanceof Map ? [...value.entries()] : Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    if (entries.length === 0) continue;
    // Elle's and kafka's anomaly maps: one block per anomaly type, its cases listed in full.
    const nested = !Array.isArray(value) && entries.every(([, v]) => Array.isArray(v));
    if (nested) {
      for (const [type, cases] of entries) parts.push(block(`${key}: ${String(type)}`, cases as unknown[]));
    } else parts.push(block(key, Array.isArray(value) ? value : [value]));
  }
  return parts.length ? parts.join('') : '<p class="note">The workload checker reported nothing beyond its verdict.</p>';
}

function block(title: string, cases: readonly unknown[]): string {
  const shown = cases.slice(0, SHOWN).map((c) => `<pre>${escapeHtml(toJsonText(c, 2))}</pre>`).join('');
  const more = cases.length > SHOWN ? `<p class="note">… and ${cases.length - SHOWN} more in results.json.</p>` : '';
  return `<details class="anomaly" open><summary>${escapeHtml(title)} (${cases.length})</summary>${shown}${more}</details>`;
}

// The browser script below runs in the page, where these names exist.
declare const uPlot: any;
declare const document: any;

/** Draws #stable-latency in the browser: the elements as dots, lost ones at the bottom, bounds as lines. */
export function drawStableLatency(data: StableLatencyData): void {
  const el = document.getElementById('stable-latency');
  if (!el) return;
  if (data.times.length === 0 && data.lostTimes.length === 0) {
    el.textContent = 'No element became stable.';
    return;
  }
  // reduce, not Math.max(...xs): a long run has more elements than a call takes arguments.
  const top = data.latencies.reduce((m, v) => (v > m ? v : m), 650) * 1.08;
  const right = [data.times, data.lostTimes].reduce((m, ts) => ts.reduce((a, t) => (t > a ? t : a), m), 0.001);
  const drawBounds = (u: any) => {
    const ctx = u.ctx;
    ctx.save();
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1.5;
    ctx.font = '12px sans-serif';
    for (const b of data.bounds) {
      if (b.ms > top) continue;
      const y = u.valToPos(b.ms, 'y', true);
      ctx.strokeStyle = b.color;
      ctx.fillStyle = b.color;
      ctx.beginPath();
      ctx.moveTo(u.bbox.left, y);
      ctx.lineTo(u.bbox.left + u.bbox.width, y);
      ctx.stroke();
      // At the right end, clear of the y axis and of the early points.
      ctx.fillText(b.label, u.bbox.left + u.bbox.width - ctx.measureText(b.label).width - 6, y - 4);
    }
    ctx.restore();
  };
  const dots = (color: string) => (u: any, i: number) => {
    const [px, py] = u.data[i];
    const ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = color;
    ctx.beginPath();
    for (let k = 0; k < px.length; k++) {
      const x = u.valToPos(px[k], 'x', true);
      const y = u.valToPos(py[k], 'y', true);
      ctx.moveTo(x + 3, y);
      ctx.arc(x, y, 3, 0, 2 * Math.PI);
    }
    ctx.fill();
    ctx.restore();
    return null;
  };
  new uPlot(
    {
      mode: 2,
      width: Math.max(480, Math.min(1150, document.body.clientWidth - 40)),
      height: 320,
      title: 'Stable latency per element',
      legend: { live: false },
      cursor: { points: { show: false } },
      scales: { x: { time: false, range: [0, right * 1.02] }, y: { range: [0, top] } },
      axes: [{ label: 'known at (s)' }, { label: 'stable latency (ms)' }],
      series: [{}, { label: 'stable element', stroke: '#1f77b4', fill: '#1f77b4', paths: dots('#1f77b4') }, { label: 'lost element', stroke: '#d62728', fill: '#d62728', paths: dots('#d62728') }],
      hooks: { draw: [drawBounds] },
    },
    [null, [data.times, data.latencies], [data.lostTimes, data.lostTimes.map(() => 0)]],
    el,
  );
}
