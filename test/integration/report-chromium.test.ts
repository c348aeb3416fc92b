/**
 * The run report opens in headless Chromium (Debian's package, driven by playwright-core) and its
 * plots and Lamport diagram render, with no page error and no network request.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { writeReport } from '../../src/harness/report/html.js';
import { lamportViewData } from '../../src/harness/report/lamport-view.js';
import { syntheticRun } from '../unit/report/synthetic.js';

/** Debian's chromium; GLOMERS_CHROMIUM may point elsewhere. */
const CHROMIUM = process.env.GLOMERS_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let dir: string;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
const foreignRequests: string[] = [];
let arrowsInLayout = 0;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/setup-chromium.sh (as root) to install Debian's chromium package`);
  dir = mkdtempSync(join(tmpdir(), 'glomers-report-'));
  const run = syntheticRun(10);
  arrowsInLayout = lamportViewData(run.journal).send.length;
  const path = await writeReport(join(dir, 'run'), run);
  // A fresh profile per run; launchPersistentContext is how playwright takes --user-data-dir.
  context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 } });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    foreignRequests.push(url);
    return route.abort();
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
  console.log(`report screenshot: ${join(dir, 'report.png')}`);
});

after(async () => {
  await context?.close();
  if (dir && !process.env.KEEP_REPORT_SCREENSHOT) rmSync(dir, { recursive: true, force: true });
});

test('the report page loads with no page error and asks for nothing over the network', () => {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreignRequests, []);
});

for (const id of ['latency-raw', 'latency-quantiles', 'rate', 'msgs-per-op']) {
  test(`the ${id} plot draws a non-empty canvas`, async () => {
    const canvas = page.locator(`#${id} canvas`);
    assert.equal(await canvas.count(), 1, `no canvas in #${id}`);
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `canvas of #${id} is ${JSON.stringify(box)}`);
    const coloured = await canvas.evaluate((element) => {
      const c = element as unknown as { width: number; height: number; getContext(kind: string): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
      const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let count = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3] > 0) count++;
      return count;
    });
    assert.ok(coloured > 500, `#${id} canvas has only ${coloured} painted pixels`);
  });
}

test('the latency plot shades the partition window', async () => {
  // The shade is drawn under the points; sample the middle of the window (2 s .. 5 s of 15 s).
  const shaded = await page.locator('#latency-raw canvas').evaluate((element) => {
    const c = element as unknown as { width: number; height: number; getContext(kind: string): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let count = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] > 200 && pixels[i + 1] > 150 && pixels[i + 2] < 100 && pixels[i + 3] > 20) count++;
    return count;
  });
  assert.ok(shaded > 1000, `only ${shaded} shaded pixels`);
});

test('the Lamport diagram is an svg with one arrow per message', async () => {
  const svg = page.locator('svg.lamport');
  const box = await svg.boundingBox();
  assert.ok(box && box.width >= 1200 && box.height > 1000, `svg is ${JSON.stringify(box)}`);
  const arrows = await page.locator('svg.lamport line.arrow').count();
  assert.ok(arrows > 0);
  assert.equal(arrows, arrowsInLayout);
  const first = page.locator('svg.lamport g.msg').first();
  assert.match((await first.locator('title').textContent()) ?? '', /c\d+ → n\d+/);
});

test('hovering an arrow shows its message in the inspector panel', async () => {
  const arrow = page.locator('svg.lamport g.msg.error line.arrow').first();
  await arrow.scrollIntoViewIfNeeded();
  await arrow.hover({ force: true });
  const text = (await page.locator('#message-inspector').textContent()) ?? '';
  assert.match(text, /n\d+ → c\d+ \(message \d+\)/);
  assert.match(text, /"type":"error","code":11/);
});
