import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pruneStore } from '../../../src/harness/output/prune.js';

const GLOMERS = fileURLToPath(new URL('../../../../dist/bin/glomers.js', import.meta.url));

/** A store with `count` runs per workload, one second apart, the oldest first. */
function store(workloads: string[], count: number): string {
  const root = mkdtempSync(join(tmpdir(), 'glomers-prune-'));
  for (const workload of workloads) {
    for (let i = 0; i < count; i++) {
      const run = join(root, workload, `20261205T1200${String(i).padStart(2, '0')}.000+0000`);
      mkdirSync(join(run, 'node-logs'), { recursive: true });
      writeFileSync(join(run, 'results.json'), '{}');
    }
  }
  return root;
}

const runs = (root: string, workload: string) => readdirSync(join(root, workload)).filter((n) => n.startsWith('2026')).sort();

test('prune keeps the newest N runs of each workload and deletes the older ones', () => {
  const root = store(['echo', 'broadcast'], 5);
  try {
    const report = pruneStore(root, 2);
    assert.equal(report.removed.length, 6);
    assert.equal(report.kept, 4);
    assert.deepEqual(runs(root, 'echo'), ['20261205T120003.000+0000', '20261205T120004.000+0000']);
    assert.deepEqual(runs(root, 'broadcast'), ['20261205T120003.000+0000', '20261205T120004.000+0000']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('prune never deletes what latest or current points at, nor anything not named like a run', () => {
  const root = store(['echo'], 4);
  try {
    symlinkSync(join('echo', '20261205T120000.000+0000'), join(root, 'current'));
    mkdirSync(join(root, 'echo', 'my-notes'));
    pruneStore(root, 1);
    assert.deepEqual(runs(root, 'echo'), ['20261205T120000.000+0000', '20261205T120003.000+0000']);
    assert.ok(existsSync(join(root, 'echo', 'my-notes')));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a dry run lists what would go and deletes nothing', () => {
  const root = store(['echo'], 3);
  try {
    const report = pruneStore(root, 0, true);
    assert.equal(report.removed.length, 3);
    assert.equal(runs(root, 'echo').length, 3);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('glomers store prune runs from the command line, and a bad --keep exits 254 naming the flag', () => {
  const root = store(['echo'], 3);
  try {
    const ok = spawnSync(process.execPath, [GLOMERS, 'store', 'prune', '--keep', '1', '--store', root], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /removed 2 run\(s\), kept 1/);
    assert.equal(runs(root, 'echo').length, 1);
    const bad = spawnSync(process.execPath, [GLOMERS, 'store', 'prune', '--keep', 'some', '--store', root], { encoding: 'utf8' });
    assert.equal(bad.status, 254);
    assert.match(bad.stderr, /--keep.*'some'.*whole number/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
