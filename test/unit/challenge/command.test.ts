import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/harness/cli.js';
import { challengeMain, registerChallengeCommand, type ChallengeIo } from '../../../src/harness/challenge/command.js';
import type { HarnessRunner } from '../../../src/harness/challenge/run.js';

const bins = mkdtempSync(join(tmpdir(), 'glomers-command-'));
writeFileSync(join(bins, 'echo.js'), '');

/** Captures output and the argv of every run; each run answers with the given validity. */
function io(valid: unknown = true): ChallengeIo & { calls: string[][]; stdout: () => string; stderr: () => string } {
  const calls: string[][] = [];
  let out = '';
  let err = '';
  const runner: HarnessRunner = async (argv) => {
    calls.push([...argv]);
    return { status: 'done', exitCode: valid === true ? 0 : 1, results: { 'valid?': valid }, dir: '/store/echo/run' };
  };
  return { calls, runner, out: (s) => void (out += s), err: (s) => void (err += s), stdout: () => out, stderr: () => err };
}

test('seed, nemesis and unknown flags reach every run, after the official flags', async () => {
  const session = io();
  const code = await challengeMain(['1', '--bin-dir', bins, '--seed', '5', '--rate', '10000', '--nemesis', 'partition', '--official-only'], session);
  assert.equal(code, 0);
  assert.deepEqual(session.calls, [
    ['-w', 'echo', '--bin', join(bins, 'echo.js'), '--node-count', '1', '--time-limit', '10', '--seed', '5', '--nemesis', 'partition', '--rate', '10000'],
  ]);
  assert.match(session.stdout(), /^1 +official +true/m);
});

test('an invalid run makes the command exit 1', async () => {
  const session = io(false);
  assert.equal(await challengeMain(['1', '--bin-dir', bins, '--official-only'], session), 1);
  assert.match(session.stdout(), /FAIL$/m);
});

test('an unknown id, a bad seed or a bad nemesis is refused with exit 254 and nothing runs', async () => {
  for (const argv of [['9z'], ['1', '--seed', 'x'], ['1', '--nemesis', 'kill']]) {
    const session = io();
    assert.equal(await challengeMain(argv, session), 254, argv.join(' '));
    assert.equal(session.calls.length, 0);
  }
  const session = io();
  await challengeMain(['1', '--seed', '-3'], session);
  assert.match(session.stderr(), /--seed.*expected a seed/);
});

test("wired as glomers.ts does (CliHandlers.extend), the command's exit code is what cli.ts main returns", async () => {
  const session = io(false);
  const code = await main(['challenge', '1', '--bin-dir', bins, '--official-only'], { test: async () => 0, extend: (program) => void registerChallengeCommand(program, session) }, {
    out: session.out!,
    err: session.err!,
  });
  assert.equal(code, 1);
  assert.equal(session.calls.length, 1);
  assert.match(session.stdout(), /^1 +official +false/m);
});
