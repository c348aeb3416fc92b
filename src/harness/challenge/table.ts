/**
 * The Gossip Glomers challenge table as data (../shared/CHALLENGES.md): each challenge's official
 * command line after `test` (verbatim, with `--bin dist/bin/<node>.js`), the official pass
 * criteria, and our targets. A target that needs a different command (a higher rate, a tuned node
 * mode) names its own argv; otherwise it is judged on the official run. Runs with equal argv are
 * shared, so 3d, 3e and 3d+3e cost one run.
 */
import { everyNodeOpOk, everyOpOk, max, median, mpo, noLostElements, valid, zeroServerMessages, type Criterion } from './criteria.js';

/** Every challenge id, in table order. */
export const CHALLENGE_IDS = ['1', '2', '3a', '3b', '3c', '3d', '3e', '3d+3e', '4', '5a', '5b', '5c', '6a', '6b', '6b-partition', '6c'] as const;

/** A challenge id. */
export type ChallengeId = (typeof CHALLENGE_IDS)[number];

/** One row of the challenge table. */
export interface Challenge {
  id: ChallengeId;
  /** Short name from the challenge page. */
  title: string;
  /** The official command after `test`, with --bin dist/bin/<node>.js. */
  argv: readonly string[];
  /** The official pass criteria; empty when the page sets none (3d+3e). */
  official: readonly Criterion[];
  /** Our targets. */
  ours: readonly Criterion[];
  /** The command our targets are judged on, when it differs from the official one. */
  oursArgv?: readonly string[];
  /** Why oursArgv differs, shown beside the row ("--rate 10000", "latency mode"). */
  oursNote?: string;
}

const bin = (node: string): string => `dist/bin/${node}.js`;

const ECHO = ['-w', 'echo', '--bin', bin('echo'), '--node-count', '1', '--time-limit', '10'];
const UNIQUE_IDS = ['-w', 'unique-ids', '--bin', bin('unique-ids'), '--time-limit', '30', '--rate', '1000', '--node-count', '3', '--availability', 'total', '--nemesis', 'partition'];
const broadcast = (nodeCount: number, rest: string[]): string[] => ['-w', 'broadcast', '--bin', bin('broadcast'), '--node-count', String(nodeCount), '--time-limit', '20', ...rest];
const BROADCAST_25 = broadcast(25, ['--rate', '100', '--latency', '100']);
const COUNTER = ['-w', 'g-counter', '--bin', bin('counter'), '--node-count', '3', '--rate', '100', '--time-limit', '20', '--nemesis', 'partition'];
const kafka = (nodeCount: number): string[] => ['-w', 'kafka', '--bin', bin('kafka'), '--node-count', String(nodeCount), '--concurrency', '2n', '--time-limit', '20', '--rate', '1000'];
const txn = (nodeCount: number): string[] => [
  '-w', 'txn-rw-register', '--bin', bin('txn'), '--node-count', String(nodeCount), '--time-limit', '20', '--rate', '1000', '--concurrency', '2n',
  '--consistency-models', 'read-uncommitted', '--availability', 'total',
];
// 6c as the challenge pages print it (SPEC §10), but with a real --nemesis partition (CHALLENGES.md notes).
const TXN_6C = [
  '-w', 'txn-rw-register', '--bin', bin('txn'), '--node-count', '2', '--concurrency', '2n', '--time-limit', '20', '--rate', '1000',
  '--consistency-models', 'read-committed', '--availability', 'total', '--nemesis', 'partition',
];

/** The whole table, in order. */
export const CHALLENGES: readonly Challenge[] = [
  { id: '1', title: 'echo', argv: ECHO, official: [valid()], ours: [valid()], oursArgv: withFlag(ECHO, '--rate', '10000'), oursNote: '--rate 10000' },
  {
    id: '2',
    title: 'unique ids',
    argv: UNIQUE_IDS,
    official: [valid(), everyOpOk()],
    ours: [valid(), everyOpOk(), zeroServerMessages()],
    oursArgv: withFlag(UNIQUE_IDS, '--rate', '10000'),
    oursNote: '--rate 10000',
  },
  { id: '3a', title: 'single-node broadcast', argv: broadcast(1, ['--rate', '10']), official: [valid()], ours: [valid()] },
  { id: '3b', title: 'multi-node broadcast', argv: broadcast(5, ['--rate', '10']), official: [valid()], ours: [valid()] },
  { id: '3c', title: 'fault-tolerant broadcast', argv: broadcast(5, ['--rate', '10', '--nemesis', 'partition']), official: [valid()], ours: [valid(), noLostElements()] },
  {
    id: '3d',
    title: 'efficient broadcast I',
    argv: BROADCAST_25,
    official: [valid(), mpo('<', 30), median('<', 400), max('<', 600)],
    ours: [valid(), median('<=', 100), max('<=', 150), mpo('<=', 20)],
    oursArgv: withFlag(BROADCAST_25, '--bin', bin('broadcast-latency')),
    oursNote: 'latency mode (broadcast-latency)',
  },
  {
    id: '3e',
    title: 'efficient broadcast II',
    argv: BROADCAST_25,
    official: [valid(), mpo('<', 20), median('<', 1000), max('<', 2000)],
    ours: [valid(), mpo('<=', 0.5), median('<', 1000), max('<', 2000)],
    oursArgv: withFlag(BROADCAST_25, '--bin', bin('broadcast-messages')),
    oursNote: 'message mode (broadcast-messages)',
  },
  // No official row: our default configuration must sit inside both official bound sets at once.
  { id: '3d+3e', title: 'default inside both bound sets', argv: BROADCAST_25, official: [], ours: [valid(), mpo('<', 20), median('<', 400), max('<', 600)] },
  { id: '4', title: 'grow-only counter', argv: COUNTER, official: [valid()], ours: [valid(), mpo('<=', 0.5)] },
  { id: '5a', title: 'single-node kafka', argv: kafka(1), official: [valid()], ours: [valid(), everyNodeOpOk()] },
  { id: '5b', title: 'multi-node kafka', argv: kafka(2), official: [valid()], ours: [valid(), everyNodeOpOk()] },
  { id: '5c', title: 'efficient kafka', argv: kafka(2), official: [valid()], ours: [valid(), mpo('<=', 1.2), everyNodeOpOk()] },
  { id: '6a', title: 'single-node txn', argv: txn(1), official: [valid()], ours: [valid()] },
  { id: '6b', title: 'txn read-uncommitted', argv: txn(2), official: [valid()], ours: [valid(), mpo('<=', 0.2)] },
  { id: '6b-partition', title: 'txn read-uncommitted, partitions', argv: [...txn(2), '--nemesis', 'partition'], official: [valid()], ours: [valid(), mpo('<=', 0.2)] },
  { id: '6c', title: 'txn read-committed', argv: TXN_6C, official: [valid('valid (no G0, G1a, G1b, G1c)'), everyOpOk('every txn ok')], ours: [valid(), mpo('<=', 0.2)] },
];

/** The challenges an id selects: one, or all of them for 'all'; undefined for an unknown id. */
export function selectChallenges(id: string, table: readonly Challenge[] = CHALLENGES): Challenge[] | undefined {
  if (id === 'all') return [...table];
  const found = table.find((c) => c.id === id);
  return found ? [found] : undefined;
}

/** The argv with `flag value` set: an existing occurrence is replaced, otherwise the pair is appended. */
export function withFlag(argv: readonly string[], flag: string, value: string): string[] {
  const out = [...argv];
  const at = out.indexOf(flag);
  if (at >= 0 && at + 1 < out.length) out[at + 1] = value;
  else out.push(flag, value);
  return out;
}

/** The --bin value of an argv, or undefined. */
export function binOf(argv: readonly string[]): string | undefined {
  const at = argv.indexOf('--bin');
  return at >= 0 ? argv[at + 1] : undefined;
}

/** The --time-limit of an argv in seconds (Maelstrom's default 60 when absent). */
export function timeLimitOf(argv: readonly string[]): number {
  const at = argv.indexOf('--time-limit');
  const value = at >= 0 ? Number(argv[at + 1]) : NaN;
  return Number.isFinite(value) ? value : 60;
}
