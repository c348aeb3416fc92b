/**
 * A small made-up broadcast run (history + journal) for the report tests: 3 nodes, 3 client
 * threads, ~10 ops/s for `seconds`, one partition, a few failed and indeterminate ops, an error
 * reply, and traffic to a service. Deterministic: a fixed LCG, no Math.random.
 */
import { NEMESIS, type Op } from '../../../src/harness/history.js';
import type { JournalEvent } from '../../../src/harness/net/journal.js';

const S = 1e9;
const MS = 1e6;

/** A synthetic run. */
export interface SyntheticRun {
  history: Op[];
  journal: JournalEvent[];
  results: Record<string, unknown>;
  test: { workload: string; nodes: string[]; timeLimit: number; rate: number; concurrency: number };
}

/** Builds the run; `seconds` of main phase, partition from 2 s to 5 s. */
export function syntheticRun(seconds = 10): SyntheticRun {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const nodes = ['n0', 'n1', 'n2'];
  const events: JournalEvent[] = [];
  const ops: Array<Omit<Op, 'index'>> = [];
  let msgId = 0;
  const message = (time: number, src: string, dest: string, body: Record<string, unknown>, latencyNs: number, delivered = true) => {
    const id = msgId++;
    events.push({ kind: 'send', time, id, src, dest, body });
    if (delivered) events.push({ kind: 'recv', time: time + latencyNs, id, src, dest, body });
  };
  // init is excluded from the diagram but counted in :net
  nodes.forEach((node, i) => {
    message(0, `c${i}`, node, { type: 'init', msg_id: 1, node_id: node, node_ids: nodes }, 0);
    message(MS, node, `c${i}`, { type: 'init_ok', in_reply_to: 1 }, 0);
  });
  ops.push({ time: 2 * S, type: 'info', process: NEMESIS, f: 'start-partition', value: undefined });
  ops.push({ time: 2 * S + 1 * MS, type: 'info', process: NEMESIS, f: 'start-partition', value: ['isolated', { n2: ['n0', 'n1'] }] });
  ops.push({ time: 5 * S, type: 'info', process: NEMESIS, f: 'stop-partition', value: undefined });
  ops.push({ time: 5 * S + 1 * MS, type: 'info', process: NEMESIS, f: 'stop-partition', value: 'network-healed' });

  const processes = [0, 1, 2];
  let value = 0;
  for (let t = 0.05 * S; t < seconds * S; t += (0.05 + random() * 0.15) * S) {
    const thread = Math.floor(random() * 3);
    const node = nodes[thread];
    const client = `c${processes[thread]}`;
    const isRead = random() < 0.4;
    const f = isRead ? 'read' : 'broadcast';
    const latency = (1 + random() * 20) * MS;
    const partitioned = t > 2 * S && t < 5 * S && node === 'n2';
    const outcome = random() < 0.05 ? 'fail' : partitioned && random() < 0.3 ? 'info' : 'ok';
    const body = isRead ? { type: 'read', msg_id: msgId } : { type: 'broadcast', message: value++, msg_id: msgId };
    ops.push({ time: t, type: 'invoke', process: processes[thread], f, value: isRead ? null : body.message });
    message(t, client, node, body, 0);
    if (!isRead) {
      for (const other of nodes.filter((n) => n !== node)) {
        const cut = t > 2 * S && t < 5 * S && (other === 'n2' || node === 'n2');
        message(t + MS, node, other, { type: 'broadcast', message: body.message, msg_id: msgId }, 5 * MS, !cut);
      }
    }
    if (outcome === 'fail') {
      message(t + latency, node, client, { type: 'error', code: 11, text: 'temporarily unavailable', in_reply_to: body.msg_id }, 0);
      ops.push({ time: t + latency, type: 'fail', process: processes[thread], f, value: null, error: ['temporarily-unavailable', 'temporarily unavailable'] });
    } else if (outcome === 'info') {
      ops.push({ time: t + 5 * S, type: 'info', process: processes[thread], f, value: null, error: 'net-timeout' });
      processes[thread] += 3;
    } else {
      if (isRead) message(t + MS, node, 'lin-kv', { type: 'read', key: 'k', msg_id: msgId }, 2 * MS);
      message(t + latency, node, client, isRead ? { type: 'read_ok', messages: [0, 1, 2], in_reply_to: body.msg_id } : { type: 'broadcast_ok', in_reply_to: body.msg_id }, 0);
      ops.push({ time: t + latency, type: 'ok', process: processes[thread], f, value: isRead ? [0, 1, 2] : body.message });
    }
  }
  const history = ops
    .map((op, i) => ({ op, i }))
    .sort((a, b) => a.op.time - b.op.time || a.i - b.i)
    .map(({ op }, index) => ({ index, ...op }));
  const journal = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.time - b.e.time || a.i - b.i).map(({ e }) => e);
  return {
    history,
    journal,
    results: {
      'valid?': false,
      stats: { 'valid?': true, count: 100, 'ok-count': 90 },
      workload: { 'valid?': false, 'lost-count': 1, lost: [7] },
      availability: { 'valid?': true, 'ok-fraction': 0.9 },
    },
    test: { workload: 'broadcast', nodes, timeLimit: seconds, rate: 10, concurrency: 3 },
  };
}
