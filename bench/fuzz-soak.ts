/**
 * Fuzz soak: feeds each built challenge binary FUZZ_LINES (default 100k) generated lines and prints
 * JSON counts: lines per junk family, replies owed and given, invalid stdout lines, crashes.
 * Usage: node dist-test/bench/fuzz-soak.js [binary ...]
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { fuzzLines, REQUESTS } from '../test/support/fuzz-lines.js';
import { initLine, protocolProblem, startNode } from '../test/support/node-process.js';

const BIN_DIR = fileURLToPath(new URL('../../dist/bin/', import.meta.url));
const LINES = Number(process.env.FUZZ_LINES ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1e9);
const CHUNK = 5000;

async function soak(binary: string) {
  const bin = `${BIN_DIR}${binary}.js`;
  if (!existsSync(bin)) return { binary, built: false };
  const node = startNode(bin);
  const started = performance.now();
  await node.write([initLine('n0', ['n0'])]);
  await node.waitFor((lines) => lines.some((l) => l.includes('"init_ok"')), 10_000);
  const families: Record<string, number> = {};
  const owed = new Map<number, number>();
  for (let sent = 0; sent < LINES; sent += CHUNK) {
    const batch = fuzzLines(binary, Math.min(CHUNK, LINES - sent), SEED + sent, 1000 + sent * 2);
    for (const f of batch) {
      families[f.family] = (families[f.family] ?? 0) + 1;
      if (f.owed.kind === 'error') owed.set(f.owed.msgId, f.owed.code);
    }
    await node.write(batch.map((f) => f.line));
  }
  const lastOwed = [...owed.keys()].at(-1);
  let timedOut = false;
  if (lastOwed !== undefined) await node.waitFor((l) => l.some((x) => x.includes(`"in_reply_to":${lastOwed}`)), 60_000).catch(() => (timedOut = true));
  const crashed = node.child.exitCode !== null;
  const exitCode = await node.close();
  const invalid = node.lines.filter((l) => protocolProblem(l) !== undefined).length;
  let rightReplies = 0;
  for (const line of node.lines) {
    if (protocolProblem(line)) continue;
    const body = JSON.parse(line).body;
    if (body.type === 'error' && owed.get(body.in_reply_to) === body.code) rightReplies++;
  }
  return {
    binary,
    built: true,
    lines: LINES,
    seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
    families,
    owedReplies: owed.size,
    rightReplies,
    stdoutLines: node.lines.length,
    invalidStdoutLines: invalid,
    crashed,
    timedOut,
    exitCode,
  };
}

const binaries = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(REQUESTS);
const results = [];
for (const b of binaries) results.push(await soak(b));
console.log(JSON.stringify({ bench: 'fuzz-soak', node: process.version, cores: os.cpus().length, seed: SEED, results }, null, 2));
