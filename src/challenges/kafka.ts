/**
 * Challenges 5a-5c, the Kafka-style log: one definition for one node or many. Each node answers
 * every client request locally and replicates in batches; see ./kafka/core.ts for the design and
 * why polls stay gap-free. Args: `tick-ms=N` sets the replication batch interval (default 50).
 */
import { defineNode, ErrorCode, type Message } from '../node/index.js';
import { KafkaCore } from './kafka/core.js';
import { isOffsetMap, isReplicateBody, REPLICATE_TYPE } from './kafka/wire.js';

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

const malformed = (text: string) => ({ code: ErrorCode.malformedRequest, text });

/** The kafka node: client RPCs answered locally, replication batched per tick. */
export default defineNode((node) => {
  // The logs are per node process; several handler workers would each hold a different log.
  if (node.workerCount > 1) throw new Error(`kafka keeps its log in one thread; run it with GLOMERS_WORKERS=1 (got ${node.workerCount})`);
  const tickMs = parseTickMs(node.args);
  let core: KafkaCore | undefined;
  let timer: unknown;

  const flush = (): void => {
    timer = undefined;
    if (!core) return;
    const now = node.clock.now();
    for (const peer of core.peers) {
      const body = core.outgoing(peer, now);
      if (body) node.send(peer, body);
    }
    // Unacknowledged news is re-sent until the peer confirms it (e.g. after a partition heals).
    if (core.peers.some((peer) => core!.hasPending(peer))) arm();
  };
  const arm = (): void => {
    if (timer !== undefined || !core || core.peers.length === 0) return;
    timer = node.clock.setTimeout(flush, tickMs);
    (timer as { unref?: () => void }).unref?.();
  };

  // Sends, commits and replication change the logs: each is journaled before it is acknowledged,
  // and a worker replacing a dead one replays them (see Node.durable) to rebuild the same logs.
  node.durable('send', 'commit_offsets', REPLICATE_TYPE);
  node.onRecover(() => {
    // Above any number the old links used: 64 per wall-clock ms is more than a link ever sends.
    core?.renumberLinks(Date.now() * 64);
    arm();
  });

  node.onInit(() => {
    core = new KafkaCore({
      nodeId: node.id,
      nodeIds: node.nodeIds,
      onConflict: (key, offset) => node.log.error(`conflicting messages for key ${key} offset ${offset}`),
    });
  });

  node.handle('send', (message: Message) => {
    const { key, msg } = message.body;
    if (typeof key !== 'string') throw malformed('send needs a string key');
    const offset = core!.send(key, msg);
    arm();
    node.reply(message, { type: 'send_ok', offset });
  });

  node.handle('poll', (message: Message) => {
    const { offsets } = message.body;
    if (!isOffsetMap(offsets)) throw malformed('poll needs offsets, a map of key to integer offset');
    node.reply(message, { type: 'poll_ok', msgs: core!.poll(offsets) });
  });

  node.handle('commit_offsets', (message: Message) => {
    const { offsets } = message.body;
    if (!isOffsetMap(offsets)) throw malformed('commit_offsets needs offsets, a map of key to integer offset');
    core!.commit(offsets);
    arm();
    node.reply(message, { type: 'commit_offsets_ok' });
  });

  node.handle('list_committed_offsets', (message: Message) => {
    const { keys } = message.body;
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) throw malformed('list_committed_offsets needs keys, an array of strings');
    node.reply(message, { type: 'list_committed_offsets_ok', offsets: core!.listCommitted(keys) });
  });

  node.handle(REPLICATE_TYPE, (message: Message) => {
    if (!isReplicateBody(message.body)) return void node.log.warn(`ignored malformed ${REPLICATE_TYPE} from ${message.src}`);
    core!.receive(message.src, message.body);
    arm();
  });
});
