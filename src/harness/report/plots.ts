/**
 * The report's plots: the data they need (built in Node from the history and journal) and the
 * script that draws them with uPlot in the browser. The browser script is a real function here,
 * so tsc checks its syntax; html.ts embeds its source text with the data beside it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Op } from '../history.js';
import type { JournalEvent } from '../net/journal.js';
import {
  bucketSecondsFor,
  latencyQuantiles,
  latencySeries,
  msgsPerOpOverTime,
  nemesisWindows,
  opRate,
  runEndSeconds,
  type BucketedSeries,
  type LatencySeries,
  type NemesisWindow,
} from './data.js';

/** Everything the browser script draws. */
export interface PlotData {
  /** Seconds from relative time zero to the last event. */
  endSeconds: number;
  /** Right edge of every plot, seconds: the end of the last bucket, so its point is drawn. */
  axisEndSeconds: number;
  latency: { series: LatencySeries[]; sampledEvery: number };
  quantiles: BucketedSeries;
  rate: BucketedSeries;
  msgsPerOp: BucketedSeries;
  nemesis: NemesisWindow[];
  /** Seconds when the final phase (final reads after the recovery wait) began; absent without one. */
  finalStart?: number;
}

/** Builds every plot's series from a run. */
export function plotData(history: readonly Op[], journal: readonly JournalEvent[], maxLatencyPoints?: number): PlotData {
  const endSeconds = runEndSeconds(history, journal);
  // Aim for ~5 ops a bucket so quantiles mean something, between 5 and 60 buckets.
  const invocations = history.reduce((n, op) => n + (op.type === 'invoke' ? 1 : 0), 0);
  const bucketSeconds = bucketSecondsFor(endSeconds, Math.min(60, Math.max(5, Math.round(invocations / 5))));
  const quantiles = latencyQuantiles(history, endSeconds, bucketSeconds);
  return {
    endSeconds,
    axisEndSeconds: quantiles.times.length * bucketSeconds,
    latency: latencySeries(history, maxLatencyPoints),
    quantiles,
    rate: opRate(history, endSeconds, bucketSeconds),
    msgsPerOp: msgsPerOpOverTime(history, journal, endSeconds, bucketSeconds),
    nemesis: nemesisWindows(history, endSeconds),
    finalStart: finalPhaseStart(history),
  };
}

/** When the first final-phase op was invoked, in seconds. */
function finalPhaseStart(history: readonly Op[]): number | undefined {
  const first = history.find((op) => op.final === true);
  return first === undefined ? undefined : first.time / 1e9;
}

/** uPlot's minified browser build and stylesheet, read from node_modules when a report is rendered. */
export function uplotAssets(): { js: string; css: string } {
  const require = createRequire(import.meta.url);
  return {
    js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  };
}

// The browser script below runs in the page, not in Node; these names exist there.
declare const uPlot: any;
declare const document: any;
declare const window: any;

/**
 * Draws the four plots into #latency-raw, #latency-quantiles, #rate and #msgs-per-op. Runs in the
 * browser: it may use only its argument and the page's globals.
 */
export function drawPlots(data: PlotData): void {
  // One colour per (f, outcome) series: blues and greens for ok, oranges for info, reds for fail,
  // so the outcome reads at a glance (as in Jepsen's latency-raw.png) and no two series share one.
  const OUTCOME_PALETTES: Record<string, string[]> = {
    ok: ['#1f77b4', '#2ca02c', '#17becf', '#9467bd', '#7f7f7f'],
    info: ['#ff7f0e', '#bcbd22', '#e6ab02', '#a6761d', '#ffbb78'],
    fail: ['#d62728', '#e377c2', '#8c564b', '#ff9896', '#c51b7d'],
  };
  const seriesColor = (f: string, type: string) => {
    const palette = OUTCOME_PALETTES[type] ?? OUTCOME_PALETTES.ok;
    return palette[fIndex(f) % palette.length];
  };
  const QUANTILE_COLORS: Record<string, string> = { '0.5': '#1f77b4', '0.95': '#2ca02c', '0.99': '#ff7f0e', '1': '#d62728' };
  const LINE_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#17becf'];
  const DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3]];
  const fs: string[] = [];
  const fIndex = (f: string) => (fs.includes(f) ? fs.indexOf(f) : fs.push(f) - 1);
  const width = () => Math.max(480, Math.min(1150, document.body.clientWidth - 40));
  const HEIGHT = 300;

  // Partition windows are shaded under every plot, as Jepsen shades nemesis activity.
  // The final phase (after the recovery wait) is shaded grey and labelled: its few reads and the
  // gossip that drains meanwhile are not the main phase's load.
  const shadeNemesis = (u: any) => {
    const ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = 'rgba(255, 190, 0, 0.18)';
    for (const w of data.nemesis) {
      const left = Math.max(u.bbox.left, u.valToPos(w.start, 'x', true));
      const right = Math.min(u.bbox.left + u.bbox.width, u.valToPos(w.end, 'x', true));
      if (right > left) ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
    }
    if (data.finalStart !== undefined) {
      const left = Math.max(u.bbox.left, u.valToPos(data.finalStart, 'x', true));
      const right = u.bbox.left + u.bbox.width;
      if (right > left) {
        ctx.fillStyle = 'rgba(120, 120, 120, 0.15)';
        ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
        ctx.fillStyle = '#555';
        ctx.font = '12px sans-serif';
        // A narrow band gets its label on its left, outside it.
        const label = 'final phase';
        const width = ctx.measureText(label).width;
        ctx.fillText(label, right - left > width + 8 ? left + 4 : left - width - 4, u.bbox.top + 14);
      }
    }
    ctx.restore();
  };

  const logRange = (values: number[]): [number, number] => {
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (!(min <= max)) return [0.1, 1000];
    return [Math.pow(10, Math.floor(Math.log10(min))), Math.pow(10, Math.ceil(Math.log10(max * 1.0001)))];
  };

  // One marker shape per f, as in Jepsen's latency-raw plot; colour is the completion type.
  const pointPaths = (shape: number, color: string) => (u: any, seriesIdx: number) => {
    const [xs, ys] = u.data[seriesIdx];
    const ctx = u.ctx;
    const r = 2.5 * (window.devicePixelRatio || 1);
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    ctx.fillStyle = color;
    ctx.strokeStyle = color;
    ctx.beginPath();
    for (let i = 0; i < xs.length; i++) {
      const x = u.valToPos(xs[i], 'x', true);
      const y = u.valToPos(ys[i], 'y', true);
      if (shape % 4 === 0) {
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
      } else if (shape % 4 === 1) ctx.rect(x - r, y - r, 2 * r, 2 * r);
      else if (shape % 4 === 2) {
        ctx.moveTo(x, y - r);
        ctx.lineTo(x + r, y + r);
        ctx.lineTo(x - r, y + r);
        ctx.closePath();
      } else {
        ctx.moveTo(x, y - r);
        ctx.lineTo(x + r, y);
        ctx.lineTo(x, y + r);
        ctx.lineTo(x - r, y);
        ctx.closePath();
      }
    }
    ctx.fill();
    ctx.restore();
    return null;
  };

  const empty = (id: string, text: string) => {
    const el = document.getElementById(id);
    el.textContent = text;
    el.className += ' empty';
  };

  const xAxis = { label: 'time (s)' };
  const xScale = { time: false, range: [0, Math.max(data.axisEndSeconds, data.endSeconds, 0.001)] };

  // Raw latency: a scatter, so uPlot's faceted mode 2 with one (x, y) pair of arrays per series.
  const raw = data.latency.series;
  if (raw.length === 0) empty('latency-raw', 'No client op completed.');
  else {
    const allLatencies = ([] as number[]).concat(...raw.map((s) => s.latencies));
    new uPlot(
      {
        mode: 2,
        width: width(),
        height: HEIGHT,
        title: 'Latency (raw)' + (data.latency.sampledEvery > 1 ? ` — 1 op in ${data.latency.sampledEvery} shown` : ''),
        legend: { live: false },
        cursor: { points: { show: false }, drag: { x: true, y: false } },
        scales: { x: xScale, y: { distr: 3, range: logRange(allLatencies) } },
        axes: [xAxis, { label: 'latency (ms)' }],
        series: [{}, ...raw.map((s) => ({ label: `${s.f} ${s.type}`, stroke: seriesColor(s.f, s.type), fill: seriesColor(s.f, s.type), paths: pointPaths(fIndex(s.f), seriesColor(s.f, s.type)) }))],
        hooks: { drawClear: [shadeNemesis] },
      },
      [null, ...raw.map((s) => [s.times, s.latencies])],
      document.getElementById('latency-raw'),
    );
  }

  const lines = (id: string, title: string, yLabel: string, bucketed: PlotData['quantiles'], color: (s: any, i: number) => string, log: boolean, fitMainPhase = false) => {
    if (bucketed.series.length === 0) return empty(id, 'Nothing to plot.');
    // Fitting the y axis to the main phase keeps a final-phase spike from flattening the line.
    const inMain = (i: number) => !fitMainPhase || data.finalStart === undefined || bucketed.times[i] < data.finalStart;
    const values = ([] as number[]).concat(...bucketed.series.map((s) => s.values.filter((v, i): v is number => v !== null && inMain(i))));
    const top = values.reduce((m, v) => (v > m ? v : m), 0);
    new uPlot(
      {
        width: width(),
        height: HEIGHT,
        title: `${title} (${bucketed.bucketSeconds} s buckets)${fitMainPhase && data.finalStart !== undefined ? ' — y axis fits the main phase' : ''}`,
        scales: { x: xScale, y: log ? { distr: 3, range: logRange(values) } : { range: (_u: any, _min: number, max: number) => [0, (fitMainPhase ? top : max) > 0 ? (fitMainPhase ? top : max) * 1.1 : 1] } },
        axes: [xAxis, { label: yLabel }],
        series: [
          { label: 'time (s)' },
          ...bucketed.series.map((s, i) => ({ label: s.label, stroke: color(s, i), width: 1.5, dash: DASHES[s.f === undefined ? 0 : fIndex(s.f) % DASHES.length], points: { show: true, size: 4 } })),
        ],
        hooks: { drawClear: [shadeNemesis] },
      },
      [bucketed.times, ...bucketed.series.map((s) => s.values)],
      document.getElementById(id),
    );
  };

  lines('latency-quantiles', 'Latency quantiles', 'latency (ms)', data.quantiles, (s) => QUANTILE_COLORS[String(s.quantile)] ?? '#000', true);
  lines('rate', 'Op rate', 'completions / s', data.rate, (s) => seriesColor(s.f ?? '', s.type ?? 'ok'), false);
  lines('msgs-per-op', 'Messages per op', 'messages sent / op invoked', data.msgsPerOp, (_s, i) => LINE_COLORS[i % LINE_COLORS.length], false, true);
}
