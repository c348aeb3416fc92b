// What the durable journal costs on the hot path, and what recovery costs: the kafka and txn
// nodes run inline (one thread, fake output) on the same requests with and without a journal
// attached, alternating, median of 5; then a fresh node recovers from the filled journal.
// Usage: node dist-test/bench/durable.js [requests=100000]. Prints JSON.
import { createInlineNode, type NodeDefinition } from '../src/node/index.js';
import { Journal } from '../src/shared/journal.js';
import kafka from '../src/challenges/kafka.js';
import txn from '../src/challenges/txn.js';

const REQUESTS = Number(process.argv[2] ?? 100_000);
const RUNS = 5;
const INIT = JSON.stringify({ src: 'c0', dest: 'n0', body: { type: 'init', msg_id: 1, node_id: 'n0', node_ids: ['n0'] } });

/** The request lines a client would send: kafka sends over 10 keys, or txns of 2 micro-ops. */
function requests(kind: 'kafka' | 'txn'): string[] {
  return Array.from({ length: REQUESTS }, (_, i) => {
    const body = kind === 'kafka'
      ? { type: 'send', msg_id: i + 2, key: String(i % 10), msg: i }
      : { type: 'txn', msg_id: i + 2, txn: [['r', i % 100, null], ['w', i % 100, i]] };
    return JSON.stringify({ src: 'c1', dest: 'n0', body });
  });
}

/** Requests per second through one inline node; `journal` attached when given. */
async function throughput(definition: NodeDefinition, lines: string[], journal?: Journal): Promise<number> {
  let out = 0;
  const inline = await createInlineNode(definition, { output: () => void out++ });
  if (journal) inline.node.attachJournal(journal);
  await inline.node.receive(INIT, 1, 0);
  const start = performance.now();
  for (let i = 0; i < lines.length; i++) inline.node.receive(lines[i], 2 + (i >> 6), i & 63);
  const seconds = (performance.now() - start) / 1000;
  if (out !== lines.length + 1) throw new Error(`expected ${lines.length + 1} replies, got ${out}`);
  return Math.round(lines.length / seconds);
}

/** Milliseconds a fresh node takes to rebuild from `journal`. */
async function recoveryMs(definition: NodeDefinition, journal: Journal): Promise<number> {
  const inline = await createInlineNode(definition, { output: () => {} });
  inline.node.attachJournal(journal);
  await inline.node.initFromPeer(INIT);
  const start = performance.now();
  const records = await inline.node.recover();
  if (records !== REQUESTS) throw new Error(`recovered ${records} of ${REQUESTS}`);
  return Math.round(performance.now() - start);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const results: Record<string, unknown> = { requests: REQUESTS, runs: RUNS };
for (const [name, definition] of [['kafka', kafka], ['txn', txn]] as const) {
  const lines = requests(name);
  const plain: number[] = [];
  const journaled: number[] = [];
  let journal = Journal.create(256 * 2 ** 20);
  for (let run = 0; run < RUNS; run++) {
    plain.push(await throughput(definition, lines));
    journal = Journal.create(256 * 2 ** 20);
    journaled.push(await throughput(definition, lines, journal));
  }
  results[name] = {
    'requests/s without journal': median(plain),
    'requests/s with journal': median(journaled),
    'journaled/plain': Number((median(journaled) / median(plain)).toFixed(2)),
    'journal bytes': journal.used,
    'recovery ms': await recoveryMs(definition, journal),
  };
}
console.log(JSON.stringify(results, null, 2));
