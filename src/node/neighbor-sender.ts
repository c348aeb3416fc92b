/**
 * A sender per neighbour: values added for one peer are batched, sent with `node.rpc`, and resent
 * until the peer acknowledges them (any non-error reply is an ack). One batch is in flight at a
 * time (a p-queue of concurrency 1), so while a partition lasts the backlog grows into one larger
 * batch instead of many small retries; a failed batch goes back to the front of the backlog.
 */
import PQueue from 'p-queue';
import type { BaseBody, NodeId } from '../shared/protocol.js';
import type { Node } from './node.js';
import { sleep } from './retry.js';
import { TRACING } from '../shared/trace.js';
import { traceQueue, traceRpc } from './trace-hooks.js';

/** How a NeighborSender batches and retries. */
export interface NeighborSenderOptions<T> {
  /** Builds the request body for a batch, e.g. `(values) => ({ type: 'gossip', values })`. */
  body: (values: T[]) => BaseBody;
  /** Most values in one message. Default 1000. */
  maxBatch?: number;
  /** Wait this long after the first value before sending, to gather more. Default 0 (end of turn). */
  delayMs?: number;
  /** Per-attempt RPC timeout. Default 1000 ms. */
  timeoutMs?: number;
  /** First delay after a failed attempt. Default 50 ms. */
  minBackoffMs?: number;
  /** Cap on the delay after failed attempts. Default 1000 ms. */
  maxBackoffMs?: number;
}

/** Batches values for one peer and retries each batch until it is acknowledged. */
export class NeighborSender<T> {
  /** The peer this sender talks to. */
  readonly peer: NodeId;
  private readonly queue = new PQueue({ concurrency: 1 });
  private backlog: T[] = [];
  private inFlight = 0;
  private scheduled = false;
  private closed = false;
  private failures = 0;
  private readonly options: Required<NeighborSenderOptions<T>>;
  /** Values the peer has acknowledged. */
  acked = 0;
  /** Attempts that failed (timeout or error reply). */
  failedAttempts = 0;

  constructor(
    private readonly node: Node,
    peer: NodeId,
    options: NeighborSenderOptions<T>,
  ) {
    this.peer = peer;
    this.options = {
      maxBatch: positive('maxBatch', options.maxBatch ?? 1000, true),
      delayMs: positive('delayMs', options.delayMs ?? 0),
      timeoutMs: positive('timeoutMs', options.timeoutMs ?? 1000),
      minBackoffMs: positive('minBackoffMs', options.minBackoffMs ?? 50),
      maxBackoffMs: positive('maxBackoffMs', options.maxBackoffMs ?? 1000),
      body: options.body,
    };
  }

  /** Values not yet acknowledged (queued or in flight). */
  get pending(): number {
    return this.backlog.length + this.inFlight;
  }

  /** Queues one value for the peer. */
  add(value: T): void {
    this.backlog.push(value);
    this.schedule();
  }

  /** Queues several values for the peer. */
  addAll(values: Iterable<T>): void {
    for (const value of values) this.backlog.push(value);
    this.schedule();
  }

  /** Resolves when every queued value has been acknowledged (or the sender closed). */
  onIdle(): Promise<void> {
    return this.queue.onIdle();
  }

  /** Stops sending; values not yet acknowledged are dropped. */
  close(): void {
    this.closed = true;
    this.queue.clear();
  }

  private schedule(): void {
    if (TRACING) traceQueue(this.peer, this.pending);
    if (this.scheduled || this.closed || this.backlog.length === 0) return;
    this.scheduled = true;
    void this.queue.add(() => this.sendBatch());
  }

  private async sendBatch(): Promise<void> {
    // Gather everything added in this turn (or window) into the batch.
    if (this.options.delayMs > 0) await sleep(this.node.clock, this.options.delayMs);
    else await null;
    this.scheduled = false;
    if (this.closed) return;
    const batch = this.backlog.splice(0, this.options.maxBatch);
    if (batch.length === 0) return;
    this.inFlight = batch.length;
    try {
      await this.node.rpc(this.peer, this.options.body(batch), { timeoutMs: this.options.timeoutMs });
      this.acked += batch.length;
      this.failures = 0;
    } catch {
      if (TRACING) traceRpc('sender retry', { peer: this.peer, values: batch.length });
      this.failedAttempts++;
      this.failures++;
      this.backlog = batch.concat(this.backlog);
      const ceiling = Math.min(this.options.maxBackoffMs, this.options.minBackoffMs * 2 ** (this.failures - 1));
      await sleep(this.node.clock, ceiling / 2 + (Math.random() * ceiling) / 2);
    } finally {
      this.inFlight = 0;
    }
    this.schedule();
  }
}

function positive(name: string, value: number, integer = false): number {
  if (typeof value !== 'number' || !(value >= (integer ? 1 : 0)) || (integer && !Number.isInteger(value))) {
    throw new RangeError(`NeighborSender option ${name} must be a ${integer ? 'positive integer' : 'non-negative number'}; got ${value}`);
  }
  return value;
}
