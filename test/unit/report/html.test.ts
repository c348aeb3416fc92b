import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPORT_FILE, renderReport, writeReport } from '../../../src/harness/report/html.js';
import { syntheticRun } from './synthetic.js';

test('the report is self-contained: uPlot is inlined and nothing is loaded from elsewhere', () => {
  const html = renderReport(syntheticRun(3));
  assert.match(html, /^<!DOCTYPE html>/);
  assert.ok(html.includes('uPlot'), 'uPlot source is inlined');
  assert.doesNotMatch(html, /<script[^>]+src=/);
  assert.doesNotMatch(html, /<link[^>]+href=/);
  assert.doesNotMatch(html, /(src|href)="https?:/);
});

test('the report has the four plot slots, the net table and the Lamport diagram', () => {
  const html = renderReport(syntheticRun(3));
  for (const id of ['latency-raw', 'latency-quantiles', 'rate', 'msgs-per-op']) assert.match(html, new RegExp(`<div class="chart" id="${id}">`));
  assert.match(html, /<table class="net">/);
  // The diagram is drawn in the page from the messages it carries, for the window the controls pick.
  assert.match(html, /<div class="lamport-scroll" id="lamport"><\/div>/);
  assert.match(html, /<input type="range" id="lamport-start"/);
  assert.match(html, /<select id="lamport-span">.*<option value="1000">1 s<\/option>/);
  assert.match(html, /INVALID/);
});

test('the net entry of the results is shown as given when present', () => {
  const run = syntheticRun(3);
  run.results.net = { all: { 'send-count': 1, 'recv-count': 1, 'msg-count': 1, 'msgs-per-op': 12.5 }, servers: { 'msgs-per-op': 7.25 }, 'valid?': true };
  const html = renderReport(run);
  assert.match(html, /msgs-per-op \(servers\): <strong>7.25<\/strong>/);
  assert.doesNotMatch(html, /counted from the journal/);
});

test('a notice appears when the journal has more messages than the page carries', () => {
  const html = renderReport({ ...syntheticRun(3), lamportLimit: 10 });
  assert.match(html, /The page carries the first 10 messages; \d+ later ones are not drawn/);
});

test('an f named like a closing script tag cannot end the page script early', () => {
  const run = syntheticRun(1);
  for (const op of run.history) if (op.f === 'read') op.f = '</script><b>x';
  const html = renderReport(run);
  const scripts = html.split('<script>').length - 1;
  assert.equal(scripts, 4); // uPlot, the plots, the Lamport diagram, the message inspector
  assert.doesNotMatch(html, /<\/script><b>x/);
});

test('writeReport writes report.html into the run folder, creating it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'glomers-report-unit-'));
  try {
    const path = await writeReport(join(dir, 'broadcast', '20260101T000000'), syntheticRun(2));
    assert.equal(path, join(dir, 'broadcast', '20260101T000000', REPORT_FILE));
    assert.match(readFileSync(path, 'utf8'), /<\/html>\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('results holding Maps and Sets are shown with their contents, and an unknown verdict says unknown', () => {
  const run = syntheticRun(1);
  run.results = { 'valid?': 'unknown', workload: { 'valid?': 'unknown', 'stable-latencies': new Map([[0.5, 12], [1, 40]]), lost: new Set([3, 4]) } };
  const html = renderReport(run);
  // Readable in the results table: quantiles by name, a short set inline, no JSON cut off with an ellipsis.
  assert.match(html, /<span class="part">stable-latencies p50 12, max 40<\/span>/);
  assert.match(html, /<span class="part">lost 3, 4<\/span>/);
  assert.doesNotMatch(html.slice(html.indexOf('<table class="results">'), html.indexOf('</table>', html.indexOf('<table class="results">'))), /…/);
  // And in full in the JSON block.
  assert.match(html, /&quot;0.5&quot;: 12/);
  assert.match(html, /<span class="verdict-badge unknown">unknown<\/span>/);
});
