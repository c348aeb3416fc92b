/**
 * Challenges 5a-5c, the Kafka-style log: one definition for one node or many. Each node answers
 * every client request locally and replicates in batches; see ./kafka/core.ts for the design and
 * why polls stay gap-free. Args: `tick-ms=N` sets the replication batch interval (default 50).
 * With several handler workers the logs live in worker 0 (LOG_WORKER): the others hand it their
 * requests and peers address their batches to it (src/node/owner.ts), so there is one log and one
 * replication link per peer whatever the worker count. Each link is the runtime's PeerLink, driven
 * on the tick by a NeighborSender.
 */
import { defineNode, NeighborSender, onWorker, restartSeq } from '../node/index.js';
import type { CommitOffsetsBody, ListCommittedOffsetsBody, PollBody, SendBody } from '../shared/protocol.js';
import { KafkaCore } from './kafka/core.js';
import { REPLICATE_SHAPE, REPLICATE_TYPE, REQUEST_SHAPES, type KafkaItem, type ReplicateBody } from './kafka/wire.js';

/** Default replication batch interval: own sends become pollable within about two of these. */
export const DEFAULT_TICK_MS = 50;

/** Reads `tick-ms=N` from the node's args, loudly rejecting a bad value. */
export function parseTickMs(args: readonly string[]): number {
  const arg = args.find((a) => a.startsWith('tick-ms='));
  if (arg === undefined) return DEFAULT_TICK_MS;
  const value = Number(arg.slice('tick-ms='.length));
  if (!Number.isInteger(value) || value < 1 || value > 10_000) throw new Error(`kafka: tick-ms must be an integer from 1 to 10000; got ${JSON.stringify(arg)}`);
  return value;
}

/** The handler worker that keeps a node's logs. */
const LOG_WORKER = 0;

/** The kafka node: client RPCs answered locally, replication batched per tick. */
export default defineNode((node) => {
  const tickMs = parseTickMs(node.args);
  let core: KafkaCore | undefined;
  const senders: NeighborSender<KafkaItem>[] = [];
  // Called after anything that may queue items or owe an ack: each sender flushes on its next tick.
  const wake = (): void => {
    for (const sender of senders) sender.wake();
  };

  // Sends, commits and replication change the logs: each is journaled before it is acknowledged,
  // and a worker replacing a dead one replays them (see Node.durable) to rebuild the same logs.
  node.durable('send', 'commit_offsets', REPLICATE_TYPE);
  node.onRecover(() => {
    core?.renumberLinks(restartSeq());
    wake();
  });

  node.onInit(() => {
    if (node.workerIndex !== LOG_WORKER) return;
    core = new KafkaCore({
      nodeId: node.id,
      nodeIds: node.nodeIds,
      onConflict: (key, offset) => node.log.error(`conflicting messages for key ${key} offset ${offset}`),
    });
    for (const peer of core.peers) senders.push(new NeighborSender(node, core.linkTo(peer)!, { type: REPLICATE_TYPE, intervalMs: tickMs, worker: LOG_WORKER }));
  });

  // Every body below is checked by the runtime against its shape (kafka/wire.ts) before the handler
  // runs and before a durable one is journaled: a malformed request gets error 12 and changes nothing.
  node.handle<SendBody>('send', onWorker(node, LOG_WORKER, (message) => {
    const offset = core!.send(message.body.key, message.body.msg);
    wake();
    node.reply(message, { type: 'send_ok', offset });
  }), { body: REQUEST_SHAPES.send });

  node.handle<PollBody>('poll', onWorker(node, LOG_WORKER, (message) => {
    node.reply(message, { type: 'poll_ok', msgs: core!.poll(message.body.offsets) });
  }), { body: REQUEST_SHAPES.poll });

  node.handle<CommitOffsetsBody>('commit_offsets', onWorker(node, LOG_WORKER, (message) => {
    core!.commit(message.body.offsets);
    wake();
    node.reply(message, { type: 'commit_offsets_ok' });
  }), { body: REQUEST_SHAPES.commit_offsets });

  node.handle<ListCommittedOffsetsBody>('list_committed_offsets', onWorker(node, LOG_WORKER, (message) => {
    node.reply(message, { type: 'list_committed_offsets_ok', offsets: core!.listCommitted(message.body.keys) });
  }), { body: REQUEST_SHAPES.list_committed_offsets });

  // A malformed batch from a peer (no msg_id) is logged and dropped by the runtime.
  node.handle<ReplicateBody>(REPLICATE_TYPE, onWorker(node, LOG_WORKER, (message) => {
    core!.receive(message.src, message.body);
    wake();
  }), { body: REPLICATE_SHAPE });
});
