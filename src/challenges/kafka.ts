/**
 * Challenges 5a-5c, the Kafka-style log: one definition for one node or many. Each node answers
 * every client request locally and replicates in batches; see ./kafka/core.ts for the design and
 * why polls stay gap-free. Args: `tick-ms=N` sets the replication batch interval (default 50).
 *
 * With several handler workers (GLOMERS_WORKERS=N) the logs are sharded by key (src/node/shard.ts):
 * each worker keeps a KafkaCore for the keys it owns, and
 * - a send goes to its key's worker (the runtime forwards it before journaling: `shard` option);
 * - a poll, commit or list over keys of several workers asks each owner for its part (`node.ask`)
 *   and answers once all have; over one worker's keys it is handed to that worker whole;
 * - the node has one replication link per peer whatever N: the links live in the link worker
 *   (LINK_WORKER), shards hand it their items (PUBLISH_TYPE), and it hands a peer's items to the
 *   shards that own their keys (APPLY_TYPE), acknowledging the peer's frame only once every shard
 *   has journaled its part: a shard that dies first makes the peer resend, so nothing acked is lost.
 * With one worker it is the same code with one shard: no handoffs, no asks.
 */
import { defineNode, groupByShard, NeighborSender, pick, restartSeq, type Message } from '../node/index.js';
import type { BaseBody, CommitOffsetsBody, ListCommittedOffsetsBody, PollBody, SendBody } from '../shared/protocol.js';
import { KafkaCore } from './kafka/core.js';
import {
  APPLY_SHAPE, APPLY_TYPE, COMMIT_TYPE, OFFSET_MAP, PUBLISH_SHAPE, PUBLISH_TYPE, REPLICATE_SHAPE, REPLICATE_TYPE, REPUBLISH_TYPE, REQUEST_SHAPES,
  type KafkaItem, type ReplicateBody,
} from './kafka/wire.js';

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

/** The handler worker that keeps the node's replication links (one per peer). */
const LINK_WORKER = 0;
/** How long a worker waits for a sibling's part of a request; a dead sibling shows as this timeout. */
const ASK_TIMEOUT_MS = 1000;

type ApplyBody = BaseBody & { peer: string; v: KafkaItem[] };
type PublishBody = BaseBody & { v: KafkaItem[]; x?: string };

/** The kafka node: client RPCs answered locally, replication batched per tick. */
export default defineNode((node) => {
  const tickMs = parseTickMs(node.args);
  const me = node.workerIndex;
  const workers = node.workerCount;
  const isLinkWorker = me === LINK_WORKER;
  let core: KafkaCore | undefined;
  const senders = new Map<string, NeighborSender<KafkaItem>>();
  // Called after anything that may queue items or owe an ack: each sender flushes on its next tick.
  const wake = (): void => {
    for (const sender of senders.values()) sender.wake();
  };

  // A shard's items for peers, by the peer to leave out ('' for none), until the end of this turn.
  let outbox: Map<string, KafkaItem[]> | undefined;
  const publish = (item: KafkaItem, except?: string): void => {
    // A replacement re-running its journal: the link worker got these items the first time.
    if (node.replaying) return;
    if (outbox === undefined) {
      outbox = new Map();
      queueMicrotask(flushOutbox);
    }
    const group = outbox.get(except ?? '');
    if (group === undefined) outbox.set(except ?? '', [item]);
    else group.push(item);
  };
  const flushOutbox = (): void => {
    const groups = outbox!;
    outbox = undefined;
    for (const [except, v] of groups) node.tell(LINK_WORKER, { type: PUBLISH_TYPE, v, ...(except ? { x: except } : {}) });
  };

  // Everything that changes a log or a commit is journaled before it is acknowledged, and a worker
  // replacing a dead one replays it (see Node.durable) to rebuild the same state.
  node.durable('send', COMMIT_TYPE, APPLY_TYPE, PUBLISH_TYPE);
  node.onRecover(() => {
    // A shard that died with items not yet handed over (its journal has them; replaying does not
    // publish): hand the link worker everything again. Peers apply items idempotently.
    if (!isLinkWorker) return void core?.ownItems().forEach((item) => publish(item));
    core?.renumberLinks(restartSeq());
    // Items the shards handed the dead link worker after its last journal record died with it.
    for (let shard = 0; shard < workers; shard++) {
      if (shard !== me) node.ask(shard, { type: REPUBLISH_TYPE }, { timeoutMs: ASK_TIMEOUT_MS }).catch((error) => node.log.warn(`shard ${shard} did not republish: ${error}`));
    }
    wake();
  });

  node.onInit(() => {
    core = new KafkaCore({
      nodeId: node.id,
      nodeIds: node.nodeIds,
      onConflict: (key, offset) => node.log.error(`conflicting messages for key ${key} offset ${offset}`),
      // The link worker's core keeps the node's links itself; the other shards hand it their items.
      publish: isLinkWorker ? undefined : publish,
    });
    if (!isLinkWorker) return;
    for (const peer of core.peers) senders.set(peer, new NeighborSender(node, core.linkTo(peer)!, { type: REPLICATE_TYPE, intervalMs: tickMs, worker: LINK_WORKER }));
  });

  // Every body below is checked by the runtime against its shape (kafka/wire.ts) before the handler
  // runs and before a durable one is journaled: a malformed request gets error 12 and changes nothing.
  node.handle<SendBody>('send', (message) => {
    const offset = core!.send(message.body.key, message.body.msg);
    wake();
    node.reply(message, { type: 'send_ok', offset });
  }, { body: REQUEST_SHAPES.send, shard: (body) => body.key as string });

  node.handle<PollBody>('poll', (message) => {
    const offsets = message.body.offsets;
    splitByOwner(message, Object.keys(offsets), () => ({ type: 'poll_ok', msgs: core!.poll(offsets) }), (keys) => ({ type: 'poll', offsets: pick(offsets, keys) }), (parts) => ({
      type: 'poll_ok',
      msgs: Object.fromEntries(parts.flatMap((part) => Object.entries(part.msgs as object))),
    }));
  }, { body: REQUEST_SHAPES.poll });

  node.handle<ListCommittedOffsetsBody>('list_committed_offsets', (message) => {
    const keys = message.body.keys;
    splitByOwner(message, keys, () => ({ type: 'list_committed_offsets_ok', offsets: core!.listCommitted(keys) }), (part) => ({ type: 'list_committed_offsets', keys: part }), (parts) => ({
      type: 'list_committed_offsets_ok',
      offsets: Object.fromEntries(parts.flatMap((part) => Object.entries(part.offsets as object))),
    }));
  }, { body: REQUEST_SHAPES.list_committed_offsets });

  // Not durable itself: it only routes. Each owner applies its keys' part as a durable COMMIT_TYPE.
  node.handle<CommitOffsetsBody>('commit_offsets', (message) => {
    const offsets = message.body.offsets;
    const groups = groupByShard(Object.keys(offsets), workers);
    if (groups.size <= 1) return node.handOff(groups.keys().next().value ?? me, { ...message, body: { ...message.body, type: COMMIT_TYPE } });
    const parts = [...groups].map(([shard, keys]) => node.ask(shard, { type: COMMIT_TYPE, offsets: pick(offsets, keys) }, { timeoutMs: ASK_TIMEOUT_MS }));
    node.replyLater(message, Promise.all(parts).then(() => ({ type: 'commit_offsets_ok' })));
  }, { body: REQUEST_SHAPES.commit_offsets });

  node.handle<CommitOffsetsBody>(COMMIT_TYPE, (message) => {
    core!.commit(message.body.offsets);
    wake();
    node.reply(message, { type: 'commit_offsets_ok' });
  }, { body: { offsets: OFFSET_MAP } });

  // A peer's frame (addressed to the link worker). Not durable: its items are, in their shards.
  node.handle<ReplicateBody>(REPLICATE_TYPE, (message) => {
    const sender = senders.get(message.src);
    if (sender === undefined) return node.log.warn(`${REPLICATE_TYPE} from ${message.src}, which is not a peer (or not to the link worker); dropped`);
    const asks: Promise<unknown>[] = [];
    for (const [shard, v] of groupByShard(message.body.v ?? [], workers, (item) => item[1])) {
      if (shard === me) node.tell(me, { type: APPLY_TYPE, peer: message.src, v });
      else asks.push(node.ask(shard, { type: APPLY_TYPE, peer: message.src, v }, { timeoutMs: ASK_TIMEOUT_MS }));
    }
    if (asks.length === 0) return void sender.receive(message.body);
    // Acknowledged only once every shard has its part: otherwise the peer's resend brings it again.
    // Not returned (see Node.replyLater): a lost acknowledgement only makes the peer resend.
    void Promise.all(asks).then(
      () => void sender.receive(message.body),
      (error: unknown) => node.log.info(`frame ${message.body.s} from ${message.src} not acknowledged (${error}); the peer resends it`),
    );
  }, { body: REPLICATE_SHAPE });

  node.handle<ApplyBody>(APPLY_TYPE, (message) => {
    core!.apply(message.body.peer, message.body.v);
    wake();
    node.reply(message, { type: 'kafka_apply_ok' });
  }, { body: APPLY_SHAPE, internal: true });

  node.handle<PublishBody>(PUBLISH_TYPE, (message) => {
    if (!isLinkWorker) return node.log.warn(`${PUBLISH_TYPE} reached worker ${me}, not the link worker; dropped`);
    for (const item of message.body.v) {
      for (const [peer, sender] of senders) if (peer !== message.body.x) sender.link.enqueue(item);
    }
    wake();
  }, { body: PUBLISH_SHAPE, internal: true });

  node.handle(REPUBLISH_TYPE, (message) => {
    for (const item of core!.ownItems()) publish(item);
    node.reply(message, { type: 'kafka_republish_ok' });
  }, { body: {}, internal: true });

  /**
   * Answers a request over `keys`: here when this worker owns them all (`local`), by handing it
   * whole to the one worker that owns them, or by asking each owner for its part (`part`) and
   * answering with `merge` of the parts, in the order the owners were asked.
   */
  function splitByOwner(message: Message, keys: readonly string[], local: () => BaseBody, part: (keys: string[]) => BaseBody, merge: (parts: BaseBody[]) => BaseBody): void {
    const groups = groupByShard(keys, workers);
    const owner = groups.size === 1 ? groups.keys().next().value! : me;
    if (groups.size <= 1 && owner === me) return node.reply(message, local());
    if (groups.size === 1) return node.handOff(owner, message);
    const asks = [...groups].map(([shard, group]) => node.ask(shard, part(group), { timeoutMs: ASK_TIMEOUT_MS }));
    node.replyLater(message, Promise.all(asks).then(merge));
  }
});
