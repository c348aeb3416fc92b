/**
 * Challenges 6b/6c benchmark: runs the official commands against dist/bin/txn.js for several
 * seeds and prints JSON per run: validity, availability, servers msgs-per-op (target ≤ 0.2), txn
 * latency quantiles (client request to txn_ok, as the network saw them) and analysis time.
 *   6b     -w txn-rw-register --node-count 2 --concurrency 2n --time-limit 20 --rate 1000 --consistency-models read-uncommitted
 *   6b-p   the same plus --availability total --nemesis partition
 *   6c     ... --consistency-models read-committed --availability total --nemesis partition
 * Usage: node dist-test/bench/txn.js [seed ...]   (default seeds 1 2 3; TXN_TIME_LIMIT=20)
 */
import os from 'node:os';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/harness/cli.js';
import { realClock } from '../src/harness/net/clock.js';
import { runTest, type RunOutcome } from '../src/harness/run.js';
import { registerWorkload, WORKLOADS } from '../src/harness/workloads/index.js';
import { txnRwRegister } from '../src/harness/workloads/txn-rw-register.js';
import { resultGetter, tapSends } from './support.js';

const BIN = fileURLToPath(new URL('../../dist/bin/txn.js', import.meta.url));
const STORE = mkdtempSync(join(tmpdir(), 'glomers-bench-txn-'));
const TIME_LIMIT = process.env.TXN_TIME_LIMIT ?? '20';
const seeds = process.argv.slice(2).map(Number);
if (seeds.length === 0) seeds.push(1, 2, 3);
if (!WORKLOADS.has(txnRwRegister.name)) registerWorkload(txnRwRegister);

const COMMON = ['-w', 'txn-rw-register', '--bin', BIN, '--node-count', '2', '--concurrency', '2n', '--time-limit', TIME_LIMIT, '--rate', '1000'];
const CHALLENGES: Record<string, string[]> = {
  '6b': ['--consistency-models', 'read-uncommitted'],
  '6b-partition': ['--consistency-models', 'read-uncommitted', '--availability', 'total', '--nemesis', 'partition'],
  '6c': ['--consistency-models', 'read-committed', '--availability', 'total', '--nemesis', 'partition'],
};

function quantiles(values: number[]): Record<string, number> {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => (sorted.length === 0 ? NaN : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 100) / 100);
  return { p50: q(0.5), p95: q(0.95), p99: q(0.99), max: q(1) };
}

async function runOne(challenge: string, seed: number) {
  const clock = realClock();
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let analyzeStart = 0;
  let analyzeEnd = 0;
  let outcome: RunOutcome | undefined;
  const argv = ['test', '--store', STORE, ...COMMON, ...CHALLENGES[challenge], '--seed', String(seed)];
  const code = await main(argv, {
    test: async (options) => {
      outcome = await runTest(options, {
        clock,
        print: (line) => {
          if (line.includes('Analyzing')) analyzeStart = performance.now();
          if (line.includes('Analysis complete')) analyzeEnd = performance.now();
        },
        onNetwork: (network) => {
          tapSends(network, clock, (src, dest, body, ms) => {
            if (body.type === 'txn') sentAt.set(`${src} ${body.msg_id}`, ms);
            else if (body.type === 'txn_ok') {
              const at = sentAt.get(`${dest} ${body.in_reply_to}`);
              if (at !== undefined) latencies.push(ms - at);
            }
          });
        },
      });
      return outcome.exitCode;
    },
  }, { out: () => {}, err: (s) => process.stderr.write(s) });
  const get = resultGetter(outcome?.results ?? {});
  return {
    challenge,
    seed,
    exitCode: code,
    valid: get('valid?'),
    workloadValid: get('workload', 'valid?'),
    okFraction: get('availability', 'ok-fraction'),
    ops: get('stats', 'count'),
    serversMsgCount: get('net', 'servers', 'msg-count'),
    serversMsgsPerOp: get('net', 'servers', 'msgs-per-op'),
    latencyMs: quantiles(latencies),
    analysisSeconds: Math.round((analyzeEnd - analyzeStart) / 100) / 10,
  };
}

const runs = [];
for (const challenge of Object.keys(CHALLENGES)) for (const seed of seeds) runs.push(await runOne(challenge, seed));
const mpo = runs.map((r) => r.serversMsgsPerOp as number);
console.log(
  JSON.stringify(
    {
      bench: 'txn (challenges 6b, 6c; official commands)',
      node: process.version,
      cores: os.cpus().length,
      timeLimitS: Number(TIME_LIMIT),
      allValid: runs.every((r) => r.valid === true),
      serversMsgsPerOp: { min: Math.min(...mpo), max: Math.max(...mpo) },
      runs,
    },
    null,
    2,
  ),
);
