import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

// Tests run from dist-test/test/unit/runtime; the sources live at the repository root.
const mainDir = new URL('../../../../src/main/', import.meta.url);
const sources = readdirSync(mainDir).filter((f) => f.endsWith('.ts')).map((f) => ({ file: f, text: readFileSync(new URL(f, mainDir), 'utf8') }));

test('the main thread never parses input lines: no JSON.parse in src/main', () => {
  assert.ok(sources.length >= 3, 'found the main-thread sources');
  for (const { file, text } of sources) assert.doesNotMatch(text, /JSON\.parse/, file);
});

test('main-thread code imports no node-side code, except the inline baseline loaded on demand', () => {
  for (const { file, text } of sources) {
    if (file === 'inline-mode.ts') continue;
    assert.doesNotMatch(text, /from '\.\.\/(node|challenges)\//, file);
  }
});
