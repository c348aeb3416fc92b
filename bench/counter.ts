/**
 * Challenge 4 benchmark: runs the official command (`-w g-counter --node-count 3 --rate 100
 * --time-limit 20 --nemesis partition`, Maelstrom's 10 s recovery) against dist/bin/counter.js
 * for several seeds and prints JSON per seed: validity, final reads, servers msgs-per-op, and the
 * final-read convergence time (from the last ok add to the moment every node has read every
 * other node's final total from seq-kv; a node knows its own total at once).
 * Usage: node dist-test/bench/counter.js [seed ...]   (default seeds 1 2 3; COUNTER_TIME_LIMIT=20)
 */
import os from 'node:os';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/harness/cli.js';
import { realClock } from '../src/harness/net/clock.js';
import { runTest, type RunOutcome } from '../src/harness/run.js';
import type { BaseBody } from '../src/shared/protocol.js';
import { resultGetter, tapSends } from './support.js';

const BIN = fileURLToPath(new URL('../../dist/bin/counter.js', import.meta.url));
const STORE = mkdtempSync(join(tmpdir(), 'glomers-bench-counter-'));
const TIME_LIMIT = process.env.COUNTER_TIME_LIMIT ?? '20';
const seeds = process.argv.slice(2).map(Number);
if (seeds.length === 0) seeds.push(1, 2, 3);

/** One seq-kv exchange as the service saw it: relative time in ms. */
interface KvEvent {
  ms: number;
  src: string;
  request: BaseBody;
  reply: BaseBody | undefined;
}

async function runSeed(seed: number) {
  const clock = realClock();
  const events: KvEvent[] = [];
  let lastAddOkMs = -Infinity;
  let outcome: RunOutcome | undefined;
  const started = performance.now();
  const argv = ['test', '--store', STORE, '-w', 'g-counter', '--bin', BIN, '--node-count', '3', '--rate', '100', '--time-limit', TIME_LIMIT, '--nemesis', 'partition', '--seed', String(seed)];
  const code = await main(argv, {
    test: async (options) => {
      outcome = await runTest(options, {
        clock,
        print: () => {},
        onNetwork: (network) => {
          // add_ok marks when the counter last moved, and each seq-kv reply is paired with its
          // request (the reply is sent as the service handles it).
          const requests = new Map<string, { src: string; body: BaseBody }>();
          tapSends(network, clock, (src, dest, body, ms) => {
            if (body.type === 'add_ok') lastAddOkMs = ms;
            if (dest === 'seq-kv') requests.set(`${src} ${body.msg_id}`, { src, body });
            if (src === 'seq-kv') {
              const request = requests.get(`${dest} ${body.in_reply_to}`);
              if (request) events.push({ ms, src: dest, request: request.body, reply: body });
            }
          });
        },
      });
      return outcome.exitCode;
    },
  }, { out: () => {}, err: (s) => process.stderr.write(s) });
  const get = resultGetter(outcome?.results ?? {});
  return {
    seed,
    exitCode: code,
    valid: get('valid?'),
    finalReads: get('workload', 'final-reads'),
    acceptable: get('workload', 'acceptable'),
    ops: get('stats', 'count'),
    serversMsgCount: get('net', 'servers', 'msg-count'),
    serversMsgsPerOp: get('net', 'servers', 'msgs-per-op'),
    kvRequests: events.length,
    convergenceMs: convergence(events, lastAddOkMs),
    wallSeconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

/** ms from the last ok add to the last first-sighting of another node's final total. */
function convergence(events: KvEvent[], lastAdd: number): number | null {
  const total = (value: unknown) => (Array.isArray(value) ? value[0] : undefined);
  const finalTotal = new Map<string, unknown>();
  for (const e of events) if (e.request.type === 'write') finalTotal.set(String(e.request.key), total(e.request.value));
  // For each (node, key): when the node's reads of key last switched to the final total.
  const settledAt = new Map<string, number>();
  for (const e of events) {
    if (e.request.type !== 'read' || e.reply?.type !== 'read_ok') continue;
    const key = String(e.request.key);
    const id = `${e.src} ${key}`;
    if (total(e.reply.value) !== finalTotal.get(key)) settledAt.delete(id);
    else if (!settledAt.has(id)) settledAt.set(id, e.ms);
  }
  if (settledAt.size === 0 || lastAdd === -Infinity) return null;
  return Math.round(Math.max(...settledAt.values()) - lastAdd);
}

const runs = [];
for (const seed of seeds) runs.push(await runSeed(seed));
const mpo = runs.map((r) => r.serversMsgsPerOp as number);
const conv = runs.map((r) => r.convergenceMs).filter((x): x is number => x !== null);
console.log(
  JSON.stringify(
    {
      bench: 'counter (challenge 4, official command)',
      node: process.version,
      cores: os.cpus().length,
      timeLimitS: Number(TIME_LIMIT),
      allValid: runs.every((r) => r.valid === true),
      serversMsgsPerOp: { min: Math.min(...mpo), max: Math.max(...mpo) },
      convergenceMs: { min: Math.min(...conv), max: Math.max(...conv) },
      runs,
    },
    null,
    2,
  ),
);
