/**
 * The simulated network (SPEC §3): assigns global message ids from 0, journals every send and
 * delivery, draws latency per message at send time, and delivers each message no earlier than
 * its deadline. Partitions are checked when a message is dequeued, not when it is sent.
 *
 * One global deadline heap and one timer serve every destination: ordering by (deadline, send
 * order) gives each destination its own deadline-ordered queue, at the cost of one heap
 * operation per message instead of a timer per message.
 */
import type { BaseBody } from '../../shared/protocol.js';
import type { Clock } from './clock.js';
import { DeadlineHeap } from './heap.js';
import type { Journal } from './journal.js';
import { Partitions } from './partitions.js';

/** A message as the network delivers it: envelope, global id, and the sender's raw line if any. */
export interface Delivery {
  id: number;
  src: string;
  dest: string;
  body: BaseBody;
  /** The exact line the sender wrote (node processes only); clients re-parse it losslessly. */
  raw?: string;
}

/** How a participant (node, client, service) receives its messages. */
export type Deliver = (message: Delivery) => void;

/** Why the network refused a message (SPEC §1.2: src and dest must exist). */
export class InvalidMessageError extends Error {}

interface Pending extends Delivery {
  deadline: number;
  seq: number;
}

/** Network options. */
export interface NetworkOptions {
  clock: Clock;
  journal: Journal;
  /** Latency in ms for one message from src to dest (0 for clients). */
  latency: (src: string, dest: string) => number;
  /** Called on every send and every delivery (for --log-net-send / --log-net-recv). */
  onSend?: (message: Delivery) => void;
  onRecv?: (message: Delivery) => void;
}

/** Most deliveries done in one timer callback before yielding to I/O. */
const DRAIN_BATCH = 20_000;

/** The network. */
export class Network {
  /** Current partitions; the nemesis applies and heals grudges here. */
  readonly partitions = new Partitions();
  private readonly participants = new Map<string, Deliver>();
  private readonly heap = new DeadlineHeap<Pending>();
  /** Queued messages per sender, so a node process can be paused when it outruns the network. */
  private readonly inFlight = new Map<string, number>();
  private nextId = 0;
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private armedFor = Infinity;
  private closed = false;
  /** Delivery lateness samples in ms (deliver time − deadline), when measuring. */
  lateness: number[] | undefined;

  constructor(private readonly options: NetworkOptions) {}

  /**
   * Adds a participant: a node, a client, or an in-process service. Messages to `id` are handed
   * to `deliver` at their deadline. Returns a function that removes the participant.
   */
  registerParticipant(id: string, deliver: Deliver): () => void {
    if (this.participants.has(id)) throw new Error(`participant ${id} is already registered`);
    this.participants.set(id, deliver);
    return () => {
      if (this.participants.get(id) === deliver) this.participants.delete(id);
    };
  }

  /** Whether `id` currently exists in the network. */
  has(id: string): boolean {
    return this.participants.has(id);
  }

  /**
   * Sends a message, paying latency. Throws InvalidMessageError when src or dest does not exist
   * (Maelstrom's "Invalid dest for message"). Returns the message's global id.
   */
  send(src: string, dest: string, body: BaseBody, raw?: string): number {
    if (!this.participants.has(src)) throw new InvalidMessageError(`Invalid src for message: ${JSON.stringify(src)} is not in the network`);
    if (!this.participants.has(dest)) throw new InvalidMessageError(`Invalid dest for message: ${JSON.stringify(dest)} is not in the network`);
    const id = this.nextId++;
    const { clock, journal } = this.options;
    journal.send(clock.relativeNs(), id, src, dest, body);
    const message: Pending = { id, src, dest, body, raw, deadline: clock.nowMs() + this.options.latency(src, dest), seq: this.seq++ };
    this.options.onSend?.(message);
    this.heap.push(message);
    this.inFlight.set(src, (this.inFlight.get(src) ?? 0) + 1);
    this.arm();
    return id;
  }

  /** Stops delivering; queued messages are dropped (they never get a recv event). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.heap.clear();
    this.inFlight.clear();
  }

  /** Messages from `src` sent but not yet delivered or dropped. */
  inFlightFrom(src: string): number {
    return this.inFlight.get(src) ?? 0;
  }

  /** Messages still queued. */
  get queued(): number {
    return this.heap.size;
  }

  private arm(): void {
    if (this.closed) return;
    const top = this.heap.peek();
    if (!top) return;
    if (top.deadline >= this.armedFor) return;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    this.armedFor = top.deadline;
    const wait = top.deadline - this.options.clock.nowMs();
    if (wait <= 0) this.immediate = setImmediate(this.drain);
    else this.timer = setTimeout(this.drain, Math.ceil(wait));
  }

  private readonly drain = (): void => {
    this.timer = undefined;
    this.immediate = undefined;
    this.armedFor = Infinity;
    const { clock, journal } = this.options;
    const now = clock.nowMs();
    // Reading the clock costs as much as routing a message, so a batch re-reads it every 64
    // deliveries: journal times are then at most ~0.2 ms early.
    let stamp = clock.relativeNs();
    let stampMs = now;
    let done = 0;
    for (let top = this.heap.peek(); top && top.deadline <= now && done < DRAIN_BATCH; top = this.heap.peek()) {
      this.heap.pop();
      this.inFlight.set(top.src, this.inFlight.get(top.src)! - 1);
      if ((++done & 63) === 0) {
        stamp = clock.relativeNs();
        stampMs = clock.nowMs();
      }
      if (this.partitions.blocks(top.src, top.dest)) continue;
      const deliver = this.participants.get(top.dest);
      if (!deliver) continue; // a client closed while its reply was in flight
      journal.recv(stamp, top.id, top.src, top.dest, top.body);
      this.lateness?.push(stampMs - top.deadline);
      this.options.onRecv?.(top);
      deliver(top);
    }
    this.arm();
  };
}
