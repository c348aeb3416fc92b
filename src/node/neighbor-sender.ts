/**
 * A sender per neighbour: drives one PeerLink (./peer-link.ts) on a batching interval. Items added
 * within one interval go to the peer in one frame; the peer's own frames carry our acks back, and
 * we ack theirs on our next frame (an ack-only frame only when we have nothing to say); frames not
 * acknowledged within the link's timeout are resent, backing off while the peer stays silent.
 *
 * The frames are plain messages (`node.send`, no reply expected), so reliability costs no message
 * of its own while traffic flows both ways. The peer must run a NeighborSender (or a PeerLink) too:
 * its handler for `type` passes each frame to `receive`, which settles our frames and returns the
 * items to apply. Items can arrive twice or out of order, so applying must be idempotent.
 *
 * Flushes run on a p-queue of concurrency 1 per peer: at most one flush is pending, so however
 * often items are added, a peer gets at most one frame per interval. Kafka (5b/5c) and txn (6b/6c)
 * use it; broadcast drives its PeerLinks from its own strategies, which time frames more finely.
 */
import PQueue from 'p-queue';
import type { BaseBody, NodeId } from '../shared/protocol.js';
import type { Node } from './node.js';
import { toWorker } from './owner.js';
import { linkFrameProblem, PeerLink, type LinkFrame } from './peer-link.js';
import { sleep } from './retry.js';

/** How a NeighborSender batches. */
export interface NeighborSenderOptions {
  /** The message type of the frames (the peer's handler for it calls `receive`). */
  type: string;
  /** A frame goes out at most once per this many ms (0: at the end of the turn). */
  intervalMs: number;
  /** With several handler workers: address frames to this worker of the peer (see `toWorker`). */
  worker?: number;
}

/** Sends one PeerLink's frames to its peer, on an interval, until everything is acknowledged. */
export class NeighborSender<T> {
  /** The link this sender drives (its items, acks and retransmission state). */
  readonly link: PeerLink<T>;
  private readonly queue = new PQueue({ concurrency: 1 });
  private scheduled = false;
  private closed = false;
  /** Frames sent (acks included). */
  framesSent = 0;

  constructor(
    private readonly node: Node,
    link: PeerLink<T>,
    private readonly options: NeighborSenderOptions,
  ) {
    if (typeof options.type !== 'string' || options.type === '') throw new TypeError(`NeighborSender option type must be a message type; got ${JSON.stringify(options.type)}`);
    if (!(options.intervalMs >= 0)) throw new RangeError(`NeighborSender option intervalMs must be a non-negative number; got ${options.intervalMs}`);
    this.link = link;
  }

  /** The peer this sender talks to. */
  get peer(): NodeId {
    return this.link.peer;
  }

  /** Items queued or unacknowledged. */
  get pending(): number {
    return this.link.depth;
  }

  /** Queues an item for the peer. */
  add(item: T): void {
    this.link.enqueue(item);
    this.wake();
  }

  /** Queues several items for the peer. */
  addAll(items: Iterable<T>): void {
    for (const item of items) this.link.enqueue(item);
    this.wake();
  }

  /**
   * Takes in a frame from the peer; returns its items (to apply idempotently). A malformed frame
   * throws before it changes anything (the runtime logs a handler's throw; the node carries on).
   */
  receive(frame: LinkFrame<T>): T[] {
    const problem = linkFrameProblem(frame);
    if (problem !== undefined) throw new TypeError(`${this.options.type} from ${this.peer}: ${problem}`);
    this.link.accept(frame, this.node.clock.now());
    this.wake();
    return frame.v ?? [];
  }

  /** Makes sure a flush is coming if the link has anything to send, resend or acknowledge. */
  wake(): void {
    if (this.scheduled || this.closed || !this.link.busy) return;
    this.scheduled = true;
    // A flush that throws (a frame that cannot be serialised, say) is logged, never an unhandled
    // rejection, which would end the worker thread.
    this.queue.add(() => this.flush()).catch((error: unknown) => {
      this.scheduled = false;
      this.node.log.error(`${this.options.type} to ${this.peer}: flush failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /** Resolves when nothing is queued, unacknowledged or owed (or the sender closed). */
  async onIdle(): Promise<void> {
    while (!this.closed && this.link.busy) {
      this.wake(); // items enqueued on the link directly have no flush coming yet
      await this.queue.onIdle();
    }
  }

  /** Stops sending; what is not yet acknowledged stays in the link. */
  close(): void {
    this.closed = true;
    this.queue.clear();
  }

  private async flush(): Promise<void> {
    // Gather what the interval brings into one frame.
    if (this.options.intervalMs > 0) await sleep(this.node.clock, this.options.intervalMs);
    else await null;
    this.scheduled = false;
    if (this.closed) return;
    const frame = this.link.due(this.node.clock.now());
    if (frame) {
      const body = { type: this.options.type, ...frame } as BaseBody;
      this.node.send(this.peer, this.options.worker === undefined ? body : toWorker(this.node, this.options.worker, body));
      this.framesSent++;
    }
    // Keep ticking while anything is unacknowledged: the retransmission check runs on the tick.
    this.wake();
  }
}
