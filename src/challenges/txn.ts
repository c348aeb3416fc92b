/**
 * Challenges 6a–6c, totally-available transactions over registers (SPEC §2.8, §10): every txn
 * commits locally at once and is answered `txn_ok`; committed writes go to every peer in periodic
 * batches (see txn/replica.ts for why this is read-committed, hence also read-uncommitted).
 *
 * Batches travel on the runtime's reliable link (src/node/peer-link.ts), one per peer, carrying
 * only the newest write per key (LWW needs no other). Cost: at most one `txn_replicate` per peer
 * per REPLICATE_INTERVAL_MS, and only while there is news or an ack is owed, so 2 nodes at
 * 1000 txn/s send ~20 messages a second in all (~0.02 per op). Acks ride on the batches going the
 * other way; a batch lost to a partition is resent after RTO_MS (backing off while the peer stays
 * silent) until the peer acknowledges it.
 * With several handler workers the store lives in worker 0 (STORE_WORKER): the others hand it
 * their txns and peers address their batches to it (src/node/owner.ts). It is not sharded by key
 * (as kafka's logs are) because a txn spans keys, and read committed rests on each txn running
 * in one turn against one store: split between workers, T's part on x could run before U's and
 * its part on y after U's, so T reads U's y while U reads T's x, a G1c cycle. Preventing that
 * needs a cross-worker commit, which would cost more than the second worker gives on 2 cores.
 */
import { defineNode, NeighborSender, onWorker, PeerLink, restartSeq, type BodyShape, type LinkFrame, type Message, type Node, type Shape } from '../node/index.js';
import { Replica, type WireEntry } from './txn/replica.js';

/** The handler worker that keeps a node's store. */
const STORE_WORKER = 0;

/** Time between replication batches while something is owed. */
export const REPLICATE_INTERVAL_MS = 100;

/** A batch not acknowledged within this long (ms) is resent: a few intervals plus the ack's trip. */
const RTO_MS = 400;
/** While a peer stays silent (a partition), resends back off to RTO_MS × this. */
const MAX_BACKOFF = 4;

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

/** The peer batch shape: a link frame whose items are writes `[key, value, counter, node]` (see txn/replica.ts). */
export const REPLICATE_SHAPE: BodyShape = {
  s: { optional: 'int' },
  v: { optional: { arrayOf: { tuple: ['int', 'int', 'int', 'string'] } } },
  a: { optional: { arrayOf: 'int' } },
};

/** Peer-to-peer batch body. */
interface ReplicateBody extends LinkFrame<WireEntry> {
  type: 'txn_replicate';
  [key: string]: unknown;
}

/** Wires a Replica to a node: the txn handler, the replicate handler and one sender per peer. */
export function runTxnNode(node: Node): void {
  let replica: Replica | undefined;
  const senders = new Map<string, NeighborSender<WireEntry>>();

  // Txns and replicated batches change the store: each is journaled before it is acknowledged, and
  // a worker replacing a dead one replays them (see Node.durable), which queues the replayed
  // commits on the links again; restarted above the old links' numbers, they go out in the next
  // batch.
  node.durable('txn', 'txn_replicate');
  node.onRecover(() => {
    for (const sender of senders.values()) {
      sender.link.restart(restartSeq());
      sender.wake();
    }
  });

  node.onInit(() => {
    if (node.workerIndex !== STORE_WORKER) return;
    replica = new Replica(node.id);
    for (const peer of node.nodeIds) {
      if (peer === node.id) continue;
      // Keyed by register: a newer write replaces a queued older one of the same key.
      const link = new PeerLink<WireEntry>(peer, { rtoMs: RTO_MS, maxBackoff: MAX_BACKOFF, keyOf: (entry) => entry[0] });
      senders.set(peer, new NeighborSender(node, link, { type: 'txn_replicate', intervalMs: REPLICATE_INTERVAL_MS, worker: STORE_WORKER }));
    }
  });

  node.handle('txn', onWorker(node, STORE_WORKER, (message) => {
    const { result, writes } = replica!.execute(message.body.txn);
    node.reply(message, { type: 'txn_ok', txn: result });
    if (writes.length > 0) for (const sender of senders.values()) sender.addAll(writes);
  }), { body: TXN_SHAPE });

  node.handle<ReplicateBody>('txn_replicate', onWorker(node, STORE_WORKER, (message: Message<ReplicateBody>) => {
    // Settles our batches it acks, and owes it an ack (which our next batch carries).
    const writes = senders.get(message.src)?.receive(message.body);
    if (writes) replica!.apply(writes);
  }), { body: REPLICATE_SHAPE }); // a malformed batch (no msg_id) is logged and dropped by the runtime
}

export default defineNode(runTxnNode);
