/**
 * Challenge 4, the grow-only counter, built on seq-kv (also correct for pn-counter).
 *
 * Design, and why it is cheap (the target is ≤ 0.5 server messages per op, every KV request and
 * reply counted):
 * - Each node owns one seq-kv key holding `[its running total, epoch]`. No
 *   other node writes it, so there is no cas and no contention. An `add` only bumps the total in
 *   memory and is acknowledged at once: nodes never crash in this challenge and the services are
 *   never partitioned, so the total will reach the store at the next sync round.
 * - A sync round writes our key, then reads every other node's key. The epoch makes every write
 *   change the store, and seq-kv runs a state-changing op on its newest state and moves us there;
 *   so reads issued after the write's reply see every write that reached seq-kv before ours.
 *   Without that, seq-kv may serve our reads from any state since our last one, forever.
 * - Rounds run every SYNC_INTERVAL_MS while the node is busy (an add, or a change seen in another
 *   node's total, within QUIET_AFTER_MS) and stop when it goes quiet: ~6 messages a second per
 *   node with 3 nodes, nothing during Maelstrom's 10 s recovery wait.
 * - A `read` while busy answers from memory (non-final reads may lag; only final reads are
 *   checked). A `read` while quiet runs one fresh round first, so the final reads, which come
 *   after the quiet period, see every node's last flush.
 * Node-to-node messages are never needed, so network partitions do not matter.
 * - With several handler workers the adds are sharded: each worker counts (and journals) the adds
 *   that reach it, and hands its running total to the sync worker (COUNTER_WORKER) once per turn
 *   (PARTIAL_TYPE). The sync worker keeps the node's one key and one sync loop and answers reads,
 *   so message counts do not grow with the worker count, and an add never waits for another thread.
 */
import { defineNode, hasErrorCode, ErrorCode, KV, onWorker, type Node } from '../node/index.js';

/** Time between sync rounds while busy. */
export const SYNC_INTERVAL_MS = 1000;
/** How long after the last add or observed change rounds keep running. Must exceed SYNC_INTERVAL_MS. */
export const QUIET_AFTER_MS = 3000;
/** seq-kv request timeout; a round that times out is simply retried at the next tick. */
export const KV_TIMEOUT_MS = 1000;

/** The handler worker that keeps the node's key, its sync loop, and the other workers' totals. */
const COUNTER_WORKER = 0;
/** A worker's running total for the sync worker: `{ worker, total, adds }` (adds orders them). */
const PARTIAL_TYPE = 'counter_partial';
/** Asks a worker to hand its total over again (to a sync worker that replaced a dead one). */
const PUSH_TYPE = 'counter_push';

/** The seq-kv key a node owns. */
export function counterKey(nodeId: string): string {
  return `counter/${nodeId}`;
}

/** What a node stores in its key: its total and a write counter that makes each write distinct. */
type Stored = [total: number, epoch: number];

/** One node's view of the counter and the sync loop that keeps it current. */
export class SyncedCounter {
  /** This node's total: this worker's adds plus the other workers' last reported totals. */
  private local = 0;
  /** Per other worker of this node: [its total, how many adds it had counted]. */
  private readonly partials = new Map<number, [number, number]>();
  private epoch = 0;
  /** Latest [total, epoch] seen for every other key. */
  private readonly others = new Map<string, Stored>();
  private lastBusyAt = -Infinity;
  private timer: unknown;
  private round: Promise<void> | undefined;
  /** Set when the totals of other keys were lost (a worker's death): reads wait for a full round. */
  private stale = false;
  /** Sync rounds started, for logs and benchmarks. */
  rounds = 0;

  constructor(
    private readonly node: Node,
    private readonly kv: KV,
  ) {}

  /** Counts an add; it reaches the store at the next round. */
  add(delta: number): void {
    this.local += delta;
    this.markBusy();
  }

  /** The adds another worker of this node counted: its total after `adds` of them (an older report is ignored). */
  partial(worker: number, total: number, adds: number): void {
    const previous = this.partials.get(worker);
    if (previous !== undefined && previous[1] >= adds) return;
    this.local += total - (previous?.[0] ?? 0);
    this.partials.set(worker, [total, adds]);
    this.markBusy();
  }

  /** The counter as this node knows it; after a fresh round when the node has been quiet (or lost its view). */
  async read(): Promise<number> {
    if (this.stale || !this.busy()) await this.sync();
    return this.value();
  }

  /** Forgets nothing but marks the other keys' totals unknown: the next reads wait for a completed round. */
  invalidate(): void {
    this.stale = true;
  }

  /** Own total plus the last seen totals of every other key. */
  value(): number {
    let sum = this.local;
    for (const [total] of this.others.values()) sum += total;
    return sum;
  }

  /** Runs one round now, or joins the one in flight. Never rejects. */
  sync(): Promise<void> {
    this.round ??= this.runRound().finally(() => (this.round = undefined));
    return this.round;
  }

  private busy(): boolean {
    return this.node.clock.now() - this.lastBusyAt <= QUIET_AFTER_MS;
  }

  private markBusy(): void {
    this.lastBusyAt = this.node.clock.now();
    if (this.timer === undefined) this.timer = this.node.clock.setTimeout(this.tick, SYNC_INTERVAL_MS);
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    void this.sync().then(() => {
      if (this.busy() && this.timer === undefined) this.timer = this.node.clock.setTimeout(this.tick, SYNC_INTERVAL_MS);
    });
  };

  private async runRound(): Promise<void> {
    this.rounds += 1;
    const own = counterKey(this.node.id);
    // Wall-clock based, so a worker replacing a dead one (whose epoch is lost) still writes epochs
    // above the old worker's, which other nodes would otherwise ignore as stale.
    this.epoch = Math.max(this.epoch + 1, Date.now());
    const stored: Stored = [this.local, this.epoch];
    try {
      await this.kv.write(own, stored);
    } catch (error) {
      this.node.log.warn(`sync write failed: ${describe(error)}`);
      return;
    }
    const keys = this.otherKeys(own);
    const results = await Promise.allSettled(keys.map((key) => this.kv.read<Stored>(key)));
    if (results.every((result) => result.status === 'fulfilled' || hasErrorCode(result.reason, ErrorCode.keyDoesNotExist))) this.stale = false;
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') this.observe(keys[i], result.value);
      else if (!hasErrorCode(result.reason, ErrorCode.keyDoesNotExist)) this.node.log.warn(`sync read of ${keys[i]} failed: ${describe(result.reason)}`);
    });
  }

  /** Keeps the newest value per key (by epoch); a changed total means others are still busy. */
  private observe(key: string, value: Stored): void {
    if (!Array.isArray(value) || typeof value[0] !== 'number' || typeof value[1] !== 'number') return;
    const previous = this.others.get(key);
    if (previous && previous[1] >= value[1]) return;
    this.others.set(key, value);
    if (!previous || previous[0] !== value[0]) this.markBusy();
  }

  private otherKeys(own: string): string[] {
    const keys: string[] = [];
    for (const id of this.node.nodeIds) keys.push(counterKey(id));
    return keys.filter((key) => key !== own);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : JSON.stringify(error);
}

export default defineNode((node) => {
  const counter = new SyncedCounter(node, new KV(node, 'seq-kv', { timeoutMs: KV_TIMEOUT_MS }));
  const syncWorker = node.workerIndex === COUNTER_WORKER;
  // The running totals live only in memory: each add (and, in the sync worker, each other worker's
  // report) is journaled before it is acknowledged, and a worker replacing a dead one replays them
  // (see Node.durable) before its next sync round.
  node.durable('add', PARTIAL_TYPE);
  node.onRecover(() => {
    // A dead worker's last report may not have left before it died.
    if (!syncWorker) return report();
    // The other nodes' totals were only cached in the dead worker: reads wait for a fresh round.
    counter.invalidate();
    // Reports in flight to the dead sync worker died with it.
    for (let worker = 1; worker < node.workerCount; worker++) node.ask(worker, { type: PUSH_TYPE }).catch(() => undefined);
  });

  // A worker other than the sync worker: its adds, and its report once per turn.
  let total = 0;
  let adds = 0;
  let reporting = false;
  const report = (): void => {
    reporting = false;
    node.tell(COUNTER_WORKER, { type: PARTIAL_TYPE, worker: node.workerIndex, total, adds });
  };

  // Checked by the runtime before the add is journaled: a delta that is not a safe integer (1e300,
  // 1.5) would make the total inexact for good, so it gets error 12 and changes nothing.
  node.handle('add', (message) => {
    const delta = message.body.delta as number;
    if (syncWorker) counter.add(delta);
    else {
      total += delta;
      adds += 1;
      // A replacement re-running its journal reports once, when it has recovered (onRecover).
      if (!reporting && !node.replaying) {
        reporting = true;
        queueMicrotask(report);
      }
    }
    node.reply(message, { type: 'add_ok' });
  }, { body: { delta: 'int' } });
  node.handle(PARTIAL_TYPE, onWorker(node, COUNTER_WORKER, (message) => {
    counter.partial(message.body.worker as number, message.body.total as number, message.body.adds as number);
  }), { body: { worker: 'int', total: 'int', adds: 'int' }, internal: true });
  node.handle(PUSH_TYPE, (message) => {
    if (!syncWorker) report();
    node.reply(message, { type: 'counter_push_ok' });
  }, { body: {}, internal: true });
  node.handle('read', onWorker(node, COUNTER_WORKER, async (message) => {
    node.reply(message, { type: 'read_ok', value: await counter.read() });
  }), { body: {} });
});
