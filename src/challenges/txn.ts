/**
 * Challenges 6a–6c, totally-available transactions over registers (SPEC §2.8, §10): every txn
 * commits locally at once and is answered `txn_ok`; committed writes go to every peer in periodic
 * batches (see txn/replica.ts for why this is read-committed, hence also read-uncommitted).
 *
 * Cost: at most one `txn_replicate` per peer per REPLICATE_INTERVAL_MS, and only while a peer
 * lacks a commit or an ack is owed, so 2 nodes at 1000 txn/s send ~20 messages a second in all
 * (~0.02 per op). Acks ride on the batches going the other way; a batch lost to a partition is
 * simply resent (unacknowledged commits are in every batch) until the peer acknowledges it.
 * With several handler workers the store lives in worker 0 (STORE_WORKER): the others hand it
 * their txns and peers address their batches to it (src/node/owner.ts).
 */
import { defineNode, onWorker, toWorker, type BodyShape, type Message, type Node, type Shape } from '../node/index.js';
import { Replica, type WireEntry } from './txn/replica.js';

/** The handler worker that keeps a node's store. */
const STORE_WORKER = 0;

/** Time between replication batches while something is owed. */
export const REPLICATE_INTERVAL_MS = 100;

/**
 * A micro-op as Maelstrom sends it (SPEC §2.8): keys and written values are integers; a read's value
 * is null (an int is tolerated: it is ignored). A write of anything else, or any other f, is
 * malformed: refused whole with error 12 before anything in the txn runs.
 */
const MICRO_OP: Shape = {
  oneOf: [
    { tuple: [{ literal: 'r' }, 'int', { oneOf: ['null', 'int'] }] },
    { tuple: [{ literal: 'w' }, 'int', 'int'] },
  ],
};

/** The txn request shape, checked by the runtime before the handler (and before the journal). */
export const TXN_SHAPE: BodyShape = { txn: { arrayOf: MICRO_OP } };

/** The peer batch shape: entries are `[key, value, counter, node]` (see txn/replica.ts). */
export const REPLICATE_SHAPE: BodyShape = {
  upto: 'int',
  entries: { arrayOf: { tuple: ['int', 'int', 'int', 'string'] } },
  ack: 'int',
};

/** Peer-to-peer batch body. */
interface ReplicateBody {
  type: 'txn_replicate';
  upto: number;
  entries: WireEntry[];
  ack: number;
  [key: string]: unknown;
}

/** Wires a Replica to a node: the txn handler, the replicate handler and the batch timer. */
export function runTxnNode(node: Node): void {
  let replica: Replica | undefined;
  let timer: unknown;

  const flush = () => {
    timer = undefined;
    if (replica === undefined) return;
    for (const peer of replica.peers) {
      const batch = replica.batchFor(peer);
      if (batch !== undefined) node.send(peer, toWorker(node, STORE_WORKER, { type: 'txn_replicate', ...batch }));
    }
    // Keep resending until every peer has acknowledged every commit.
    if (replica.unacknowledged) schedule();
  };
  const schedule = () => {
    if (timer === undefined) timer = node.clock.setTimeout(flush, REPLICATE_INTERVAL_MS);
  };

  // Txns and replicated batches change the store: each is journaled before it is acknowledged, and
  // a worker replacing a dead one replays them (see Node.durable). Seqs and acks are derived from
  // the replayed commits, so the rebuilt replica simply resumes sending what peers lack.
  node.durable('txn', 'txn_replicate');
  node.onRecover(() => {
    if (replica !== undefined && replica.peers.length > 0) schedule();
  });

  node.onInit(() => {
    if (node.workerIndex !== STORE_WORKER) return;
    replica = new Replica(node.id, node.nodeIds.filter((id) => id !== node.id));
  });

  node.handle('txn', onWorker(node, STORE_WORKER, (message) => {
    const txn = replica!.execute(message.body.txn);
    node.reply(message, { type: 'txn_ok', txn });
    if (replica!.peers.length > 0) schedule();
  }), { body: TXN_SHAPE });

  node.handle<ReplicateBody>('txn_replicate', onWorker(node, STORE_WORKER, (message: Message<ReplicateBody>) => {
    const { upto, entries, ack } = message.body;
    replica!.receive(message.src, upto, entries, ack);
    // Their new commits need an ack (which the next batch carries).
    schedule();
  }), { body: REPLICATE_SHAPE }); // a malformed batch (no msg_id) is logged and dropped by the runtime
}

export default defineNode(runTxnNode);
