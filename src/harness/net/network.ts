/**
 * The simulated network (SPEC §3): assigns global message ids from 0, journals every send and
 * delivery, draws latency per message at send time, and delivers through one pump per
 * destination that behaves as Maelstrom's (./pump.ts): a pump takes the earliest queued message
 * as soon as there is one, checks partitions then, and writes it at its whole-ms wake time; what
 * arrives meanwhile waits, client requests included.
 *
 * One timer serves every pump: the pumps' wake-ups sit in one small heap (at most one per
 * destination) ordered by (wake time, send order).
 */
import type { BaseBody } from '../../shared/protocol.js';
import type { Clock } from './clock.js';
import { DeadlineHeap } from './heap.js';
import type { Journal } from './journal.js';
import { Partitions } from './partitions.js';
import { Pump, wakeTime } from './pump.js';
import { coarseTimer, type WakeTimer } from './timer.js';

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

/** One id's state: how it receives (undefined once removed), its messages still queued, its pump. */
interface Participant {
  deliver: Deliver | undefined;
  inFlight: number;
  pump: Pump;
}

/** A pump's next write, in the network-wide order of wake-ups: (wake time, send order). */
interface Wake {
  deadline: number;
  seq: number;
  participant: Participant;
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
  /** The wake-up timer (default: the ms-granular coarseTimer; runs use preciseTimer). */
  timer?: WakeTimer;
}

/** Most deliveries done in one timer callback before yielding to I/O. */
const DRAIN_BATCH = 20_000;

/** The network. */
export class Network {
  /** Current partitions; the nemesis applies and heals grudges here. */
  readonly partitions = new Partitions();
  /** Every id ever registered (kept after removal: its queued messages still count against it). */
  private readonly participants = new Map<string, Participant>();
  private readonly wakes = new DeadlineHeap<Wake>();
  private readonly timer: WakeTimer;
  private nextId = 0;
  private seq = 0;
  private count = 0;
  private armedFor = Infinity;
  private closed = false;
  /** Set while a drain runs: it arms the timer once, at its end. */
  private draining = false;
  /** Delivery lateness samples in ms (write time − the pump's wake time), when measuring. */
  lateness: { push(ms: number): unknown } | undefined;

  constructor(private readonly options: NetworkOptions) {
    this.timer = options.timer ?? coarseTimer();
  }

  /**
   * Adds a participant: a node, a client, or an in-process service. Messages to `id` are handed
   * to `deliver` by its pump. Returns a function that removes the participant.
   */
  registerParticipant(id: string, deliver: Deliver): () => void {
    let participant = this.participants.get(id);
    if (participant?.deliver) throw new Error(`participant ${id} is already registered`);
    if (!participant) this.participants.set(id, (participant = { deliver: undefined, inFlight: 0, pump: new Pump(id) }));
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
    const to = this.participants.get(dest);
    if (to?.deliver === undefined) throw new InvalidMessageError(`Invalid dest for message: ${JSON.stringify(dest)} is not in the network`);
    const id = this.nextId++;
    const { clock, journal } = this.options;
    journal.send(clock.relativeNs(), id, src, dest, body);
    const message: Delivery = { id, src, dest, body, raw };
    const now = clock.nowMs();
    const deadline = now + this.options.latency(src, dest);
    this.options.onSend?.(message);
    if (this.closed) return id;
    from.inFlight++;
    this.count++;
    const idle = to.pump.idle;
    to.pump.push({ message, deadline, seq: this.seq++ });
    // A pump blocked in its poll takes the message the moment it is queued.
    if (idle) this.take(to, now);
    return id;
  }

  /** Stops delivering; queued messages are dropped (they never get a recv event). */
  close(): void {
    this.closed = true;
    this.timer.close();
    this.wakes.clear();
    for (const participant of this.participants.values()) {
      participant.inFlight = 0;
      participant.pump.clear();
    }
    this.count = 0;
  }

  /** Messages from `src` sent but not yet delivered or dropped. */
  inFlightFrom(src: string): number {
    return this.participants.get(src)?.inFlight ?? 0;
  }

  /** Messages still queued (including those a pump holds). */
  get queued(): number {
    return this.count;
  }

  /**
   * The pump of `to` polls at `now`: it takes the earliest queued message, drops it if a
   * partition applies (Maelstrom checks at this moment, not at the deadline) and polls again,
   * or holds it until its wake time.
   */
  private take(to: Participant, now: number): void {
    const pump = to.pump;
    for (let entry = pump.poll(); entry !== undefined; entry = pump.poll()) {
      const { message } = entry;
      if (this.partitions.blocks(message.src, message.dest)) {
        this.leave(message);
        continue;
      }
      pump.held = entry;
      pump.wakeAt = wakeTime(now, entry.deadline);
      this.wakes.push({ deadline: pump.wakeAt, seq: entry.seq, participant: to });
      if (pump.wakeAt < this.armedFor) this.arm();
      return;
    }
  }

  /** A message is delivered or dropped: it no longer counts as queued or in flight. */
  private leave(message: Delivery): void {
    this.participants.get(message.src)!.inFlight--;
    this.count--;
  }

  private arm(): void {
    if (this.closed || this.draining) return;
    const next = this.wakes.peek()?.deadline ?? Infinity;
    if (next === Infinity || next >= this.armedFor) return;
    this.armedFor = next;
    this.timer.set(next - this.options.clock.nowMs(), this.drain);
  }

  private readonly drain = (): void => {
    this.armedFor = Infinity;
    const { clock, journal } = this.options;
    const { wakes } = this;
    // Reading the clock costs as much as routing a message, so a batch re-reads it every 64
    // deliveries (journal times are then at most ~0.2 ms early) and when the next wake-up looks
    // not yet due: what fell due while this batch ran goes out now, not one event-loop turn later.
    let now = clock.nowMs();
    let stamp = clock.relativeNs();
    let done = 0;
    this.draining = true;
    try {
      while (done < DRAIN_BATCH) {
        const wake = wakes.peek();
        if (wake === undefined) break;
        if (wake.deadline > now) {
          if (wake.deadline > (now = clock.nowMs())) break;
          stamp = clock.relativeNs(); // read after `now`, so no recv is stamped before its wake time
        }
        wakes.pop();
        const to = wake.participant;
        const pump = to.pump;
        const entry = pump.held!;
        pump.held = undefined;
        pump.wakeAt = Infinity;
        const { message } = entry;
        this.leave(message);
        if ((++done & 63) === 0) {
          now = clock.nowMs();
          stamp = clock.relativeNs();
        }
        const deliver = to.deliver;
        if (deliver) {
          journal.recv(stamp, message.id, message.src, message.dest, message.body);
          this.lateness?.push(now - wake.deadline);
          this.options.onRecv?.(message);
          pump.writing = true;
          try {
            deliver(message);
          } finally {
            pump.writing = false;
          }
          if (this.closed) break;
        } // else a client closed while its reply was in flight: dropped, no recv
        // Written; the pump polls again at once.
        if (pump.size > 0) this.take(to, now);
      }
    } finally {
      this.draining = false;
    }
    this.arm();
  };
}
