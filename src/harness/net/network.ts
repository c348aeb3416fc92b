/**
 * The simulated network (SPEC §3): assigns global message ids from 0, journals every send and
 * delivery, draws latency per message at send time, and delivers each message no earlier than
 * its deadline. Partitions are checked when a message is dequeued, not when it is sent.
 *
 * One global order and one timer serve every destination: ordering by (deadline, send order)
 * gives each destination its own deadline-ordered queue without a timer per message. That order
 * is kept by two queues merged at dequeue: a FIFO for messages whose deadline is not earlier than
 * the last one appended (all of them under constant latency, so O(1) each) and a heap for the rest.
 */
import type { BaseBody } from '../../shared/protocol.js';
import type { Clock } from './clock.js';
import { DeadlineFifo } from './fifo.js';
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

/** A heap entry: the message stays a plain Delivery, so participants see one object shape. */
interface Pending {
  message: Delivery;
  deadline: number;
  seq: number;
}

/** One id's state: how it receives (undefined once removed) and its messages still queued. */
interface Participant {
  deliver: Deliver | undefined;
  inFlight: number;
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
  /** Every id ever registered (kept after removal: its queued messages still count against it). */
  private readonly participants = new Map<string, Participant>();
  private readonly fifo = new DeadlineFifo<Delivery>();
  private readonly heap = new DeadlineHeap<Pending>();
  private nextId = 0;
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private armedFor = Infinity;
  private closed = false;
  /** Delivery lateness samples in ms (deliver time − deadline), when measuring (an array will do). */
  lateness: { push(ms: number): unknown } | undefined;

  constructor(private readonly options: NetworkOptions) {}

  /**
   * Adds a participant: a node, a client, or an in-process service. Messages to `id` are handed
   * to `deliver` at their deadline. Returns a function that removes the participant.
   */
  registerParticipant(id: string, deliver: Deliver): () => void {
    let participant = this.participants.get(id);
    if (participant?.deliver) throw new Error(`participant ${id} is already registered`);
    if (!participant) this.participants.set(id, (participant = { deliver: undefined, inFlight: 0 }));
    participant.deliver = deliver;
    const registered = participant;
    return () => {
      if (registered.deliver === deliver) registered.deliver = undefined;
    };
  }

  /** Whether `id` currently exists in the network. */
  has(id: string): boolean {
    return this.participants.get(id)?.deliver !== undefined;
  }

  /**
   * Sends a message, paying latency. Throws InvalidMessageError when src or dest does not exist
   * (Maelstrom's "Invalid dest for message"). Returns the message's global id.
   */
  send(src: string, dest: string, body: BaseBody, raw?: string): number {
    const from = this.participants.get(src);
    if (from?.deliver === undefined) throw new InvalidMessageError(`Invalid src for message: ${JSON.stringify(src)} is not in the network`);
    if (this.participants.get(dest)?.deliver === undefined) throw new InvalidMessageError(`Invalid dest for message: ${JSON.stringify(dest)} is not in the network`);
    const id = this.nextId++;
    const { clock, journal } = this.options;
    journal.send(clock.relativeNs(), id, src, dest, body);
    const message: Delivery = { id, src, dest, body, raw };
    const deadline = clock.nowMs() + this.options.latency(src, dest);
    const seq = this.seq++;
    this.options.onSend?.(message);
    if (this.fifo.accepts(deadline)) this.fifo.push(message, deadline, seq);
    else this.heap.push({ message, deadline, seq });
    from.inFlight++;
    if (deadline < this.armedFor) this.arm();
    return id;
  }

  /** Stops delivering; queued messages are dropped (they never get a recv event). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.heap.clear();
    this.fifo.clear();
    for (const participant of this.participants.values()) participant.inFlight = 0;
  }

  /** Messages from `src` sent but not yet delivered or dropped. */
  inFlightFrom(src: string): number {
    return this.participants.get(src)?.inFlight ?? 0;
  }

  /** Messages still queued. */
  get queued(): number {
    return this.heap.size + this.fifo.size;
  }

  private arm(): void {
    if (this.closed) return;
    const deadline = Math.min(this.fifo.headDeadline(), this.heap.peek()?.deadline ?? Infinity);
    if (deadline === Infinity || deadline >= this.armedFor) return;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    this.armedFor = deadline;
    const wait = deadline - this.options.clock.nowMs();
    if (wait <= 0) this.immediate = setImmediate(this.drain);
    else this.timer = setTimeout(this.drain, Math.ceil(wait));
  }

  private readonly drain = (): void => {
    this.timer = undefined;
    this.immediate = undefined;
    this.armedFor = Infinity;
    const { clock, journal } = this.options;
    let now = clock.nowMs();
    // Reading the clock costs as much as routing a message, so a batch re-reads it every 64
    // deliveries (journal times are then at most ~0.2 ms early) and when the next message looks
    // not yet due: what fell due while this batch ran goes out now, not one event-loop turn later.
    let stamp = clock.relativeNs();
    let stampMs = now;
    let done = 0;
    const { fifo, heap, participants, partitions } = this;
    while (done < DRAIN_BATCH) {
      // Merge the two queues on (deadline, seq): the same order one heap would give.
      let message: Delivery;
      let deadline = fifo.headDeadline();
      const top = heap.peek();
      if (top !== undefined && (top.deadline < deadline || (top.deadline === deadline && top.seq < fifo.headSeq()))) {
        if (top.deadline > now) {
          if (top.deadline > (now = clock.nowMs())) break;
          stamp = clock.relativeNs(); // read after `now`, so no recv is stamped before its deadline
          stampMs = now;
        }
        deadline = top.deadline;
        message = top.message;
        heap.pop();
      } else {
        if (deadline > now) {
          if (deadline === Infinity || deadline > (now = clock.nowMs())) break; // Infinity: both empty
          stamp = clock.relativeNs();
          stampMs = now;
        }
        message = fifo.shift();
      }
      participants.get(message.src)!.inFlight--;
      if ((++done & 63) === 0) {
        stamp = clock.relativeNs();
        stampMs = clock.nowMs();
      }
      if (partitions.blocks(message.src, message.dest)) continue;
      const deliver = participants.get(message.dest)!.deliver;
      if (!deliver) continue; // a client closed while its reply was in flight
      journal.recv(stamp, message.id, message.src, message.dest, message.body);
      this.lateness?.push(stampMs - deadline);
      this.options.onRecv?.(message);
      deliver(message);
    }
    this.arm();
  };
}
