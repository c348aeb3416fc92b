/**
 * What request validation costs on the hot path: nanoseconds per compiled body check for the
 * well-formed bodies each challenge receives most, beside JSON.parse of the same line (the work
 * every request already pays), and the slow path (a malformed body, explained).
 * Usage: node dist-test/bench/validate.js [iterations]
 */
import os from 'node:os';
import { compileBody, type BodyShape } from '../src/node/validate.js';
import { REQUEST_SHAPES, REPLICATE_SHAPE } from '../src/challenges/kafka/wire.js';
import { TXN_SHAPE } from '../src/challenges/txn.js';
import { GOSSIP_SHAPE } from '../src/challenges/broadcast/wire.js';

const ITERATIONS = Number(process.argv[2] ?? 2_000_000);

const CASES: Array<{ name: string; shape: BodyShape; body: Record<string, unknown>; bad: Record<string, unknown> }> = [
  { name: 'echo', shape: { echo: 'any' }, body: { type: 'echo', msg_id: 1, echo: 'Please echo 81' }, bad: { type: 'echo', msg_id: 1 } },
  { name: 'add', shape: { delta: 'int' }, body: { type: 'add', msg_id: 1, delta: 3 }, bad: { type: 'add', msg_id: 1, delta: 1e300 } },
  { name: 'send', shape: REQUEST_SHAPES.send, body: { type: 'send', msg_id: 1, key: '7', msg: 12 }, bad: { type: 'send', msg_id: 1, key: 7, msg: 12 } },
  { name: 'poll (3 keys)', shape: REQUEST_SHAPES.poll, body: { type: 'poll', msg_id: 1, offsets: { 7: 10, 8: 3, 9: 0 } }, bad: { type: 'poll', msg_id: 1, offsets: { 7: '10' } } },
  {
    name: 'txn (4 micro-ops)',
    shape: TXN_SHAPE,
    body: { type: 'txn', msg_id: 1, txn: [['r', 9, null], ['w', 9, 4], ['r', 8, null], ['w', 7, 1]] },
    bad: { type: 'txn', msg_id: 1, txn: [['r', 9, null], ['x', 9, 4]] },
  },
  { name: 'gossip (10 values)', shape: GOSSIP_SHAPE, body: { type: 'gossip', s: 12, v: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], a: [3, 4] }, bad: { type: 'gossip', s: 12, v: [1, 'x'] } },
  {
    name: 'kafka_replicate (5 entries)',
    shape: REPLICATE_SHAPE,
    body: { type: 'kafka_replicate', s: 3, a: 2, e: [0, 1, 2, 3, 4].map((i) => [String(i), i * 3, i]), f: { 0: 3, 1: 6 }, c: { 0: 1 } },
    bad: { type: 'kafka_replicate', e: [['0', '3', 1]] },
  },
];

/** Nanoseconds per call of `fn` over `n` calls (after a warm-up), keeping a result alive. */
function nsPerCall(n: number, fn: () => unknown): number {
  let sink: unknown;
  for (let i = 0; i < 10_000; i++) sink = fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink = fn();
  const ns = Number(process.hrtime.bigint() - start) / n;
  if (sink === Symbol.for('never')) console.log(sink);
  return Number(ns.toFixed(1));
}

const results = CASES.map(({ name, shape, body, bad }) => {
  const check = compileBody(String(body.type), shape);
  if (check(body) !== undefined || check(bad) === undefined) throw new Error(`bench case ${name} is wrong: ${check(body)}`);
  const line = JSON.stringify({ src: 'c1', dest: 'n1', body });
  return {
    name,
    checkNs: nsPerCall(ITERATIONS, () => check(body)),
    jsonParseNs: nsPerCall(Math.ceil(ITERATIONS / 4), () => JSON.parse(line)),
    malformedExplainedNs: nsPerCall(Math.ceil(ITERATIONS / 20), () => check(bad)),
  };
});

console.log(JSON.stringify({ bench: 'validate', node: process.version, cores: os.cpus().length, iterations: ITERATIONS, loadavg: os.loadavg().map((x) => Number(x.toFixed(2))), results }, null, 2));
