/**
 * Issue 15: the reports of two real runs, opened in headless Chromium and screenshotted: a 25-node
 * broadcast (the figure that decides 3d/3e, a Lamport diagram usable at 25 nodes) and a lin-kv run
 * that fails (the failing op and the key's ops). Elements present, no page or console error.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { FIXTURE, glomersTest } from './harness-helpers.js';

const CHROMIUM = process.env.GLOMERS_CHROMIUM ?? '/usr/bin/chromium';
const BROADCAST = fileURLToPath(new URL('../../../dist/bin/broadcast.js', import.meta.url));
const skip = !existsSync(CHROMIUM) && `${CHROMIUM} is missing (scripts/setup-chromium.sh installs it)`;

let context: BrowserContext;
const reports: Record<string, string> = {};

before(async () => {
  if (skip) return;
  const broadcast = await glomersTest(['-w', 'broadcast', '--bin', BROADCAST, '--node-count', '25', '--time-limit', '4', '--rate', '100', '--latency', '100', '--recovery-time', '2', '--seed', '2']);
  assert.equal(broadcast.code, 0, broadcast.output);
  reports.broadcast = join(broadcast.outcome!.dir, 'report.html');
  const linKv = await glomersTest(['-w', 'lin-kv', '--bin', FIXTURE, '--node-count', '2', '--concurrency', '4n', '--time-limit', '3', '--rate', '20', '--seed', '1', 'kv-local']);
  assert.equal(linKv.code, 1, linKv.output);
  reports.linKv = join(linKv.outcome!.dir, 'report.html');
  context = await chromium.launchPersistentContext('', { executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'], viewport: { width: 1280, height: 1000 } });
});

after(async () => {
  await context?.close();
});

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  await page.screenshot({ path: path.replace(/\.html$/, '.png'), fullPage: true });
  return { page, errors };
}

async function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((element) => {
    const c = element as unknown as { width: number; height: number; getContext(kind: string): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let count = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3] > 0) count++;
    return count;
  });
}

test('a 25-node broadcast report shows stable latency per element with the 3d/3e bounds, and a windowed Lamport diagram with node lanes first', { skip }, async () => {
  const { page, errors } = await open(reports.broadcast);
  assert.match((await page.locator('#why h2').textContent()) ?? '', /Why this verdict/);
  assert.ok((await paintedPixels(page, '#stable-latency canvas')) > 2000, 'the stable-latency plot is drawn');
  assert.ok((await page.locator('#why table.results tr').count()) > 1, 'the stalest elements are listed');
  assert.equal(await page.locator('#results td.digest').filter({ hasText: '…' }).count(), 0, 'no cut-off JSON in the results table');
  // Lanes: n0..n24 first, clients last, as one lane.
  const labels = await page.locator('svg.lamport > text[font-weight="bold"]').allTextContents();
  assert.deepEqual(labels.slice(0, 3), ['n0', 'n1', 'n2']);
  assert.equal(labels.at(-1), 'clients');
  assert.equal(labels.length, 26);
  // A later, shorter window draws other messages.
  await page.selectOption('#lamport-span', '100');
  const early = await page.locator('svg.lamport g.msg title').first().textContent();
  await page.locator('#lamport-start').fill('2000');
  await page.locator('#lamport-start').dispatchEvent('input');
  assert.match((await page.locator('#lamport-status').textContent()) ?? '', /^2000–2100 ms: \d+ events/);
  const later = await page.locator('svg.lamport g.msg title').first().textContent();
  assert.notEqual(later, early);
  assert.match(later ?? '', /sent 20\d\d\.\d+ ms/);
  assert.deepEqual(errors, []);
});

test('a failing lin-kv report names the key, the op no order explains, and the key\'s ops up to it', { skip }, async () => {
  const { page, errors } = await open(reports.linKv);
  assert.match((await page.locator('h1').textContent()) ?? '', /INVALID/);
  assert.match((await page.locator('#why h3').first().textContent()) ?? '', /^Key \d+: not linearizable$/);
  assert.match((await page.locator('#why p').first().textContent()) ?? '', /No order of this key's ops explains op \d+: process \d+ read ok with value \d+/);
  // One failing row per key that is not linearizable (how many keys fail depends on the seed's schedule).
  const failingKeys = await page.locator('#why h3').filter({ hasText: /not linearizable$/ }).count();
  assert.ok(failingKeys >= 1);
  assert.equal(await page.locator('#why tr.failing').count(), failingKeys);
  assert.ok((await paintedPixels(page, '#latency-raw canvas')) > 500);
  assert.deepEqual(errors, []);
});
