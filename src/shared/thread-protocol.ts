/**
 * Messages between the main thread and node workers, and between workers, as discriminated unions
 * on `type` (the data path; control calls go through comlink, see `WorkerControl`). Lines cross
 * threads as raw strings, in batches: cloning one array of strings costs a fraction of cloning the
 * parsed objects, and one post per batch instead of one per line keeps the ports cheap.
 */
import type { MessagePort } from 'node:worker_threads';

/** Main → worker, on the worker's data port. */
export type MainToWorker =
  // `sentAt` (here and below): the sender's traceNow(), set only under GLOMERS_TRACE (hop latency).
  /**
   * Raw stdin lines, unparsed, in arrival order. `seq` numbers the batch node-wide (from 1): main
   * keeps the batch until the worker reports it `settled`, and replays it to a replacement.
   */
  | { type: 'lines'; lines: string[]; seq: number; sentAt?: number }
  /** Stdin ended: flush output, then answer with `ended`. */
  | { type: 'end' };

/** Worker → main, on the worker's data port. */
export type WorkerToMain =
  /** Whole outgoing lines, each ending in a newline, ready to write to stdout as one chunk. */
  | { type: 'out'; text: string; sentAt?: number }
  /** The worker processed this many `lines` batches (main's input flow control); `settled` as below, folded in. */
  | { type: 'consumed'; batches: number; settled?: number }
  /**
   * Every handler for the lines of batch `seq` has finished (async ones included) and their
   * output has been posted before this message: main may forget the batch.
   */
  | { type: 'settled'; seq: number }
  /** This worker answered init (and every sibling ran its init hooks): spread input over all workers. */
  | { type: 'initialised'; initLine: string }
  /** Everything the worker had to write before `end` has been posted. */
  | { type: 'ended' }
  /** A handler called process.exit(code): its output so far is posted; main ends the process. */
  | { type: 'exit'; code: number };

/** Worker → worker, on a peer port (only when several handler workers run). */
export type WorkerToWorker =
  /** RPC replies that arrived at the wrong worker: `in_reply_to` encodes the issuing worker. */
  | { type: 'forward'; lines: string[]; sentAt?: number }
  /** The init line the sender received; the receiver initialises and answers `init-done`. */
  | { type: 'init'; line: string }
  /** The receiver ran its init hooks. */
  | { type: 'init-done' }
  /**
   * The sender's stdin input is all handled: it forwards nothing more (sent on `end`). A worker
   * answers main's `end` only once every sibling has said so, so a message a sibling handed off
   * at the very end (Node.handOff) is answered before main shuts the workers down.
   */
  | { type: 'drained' };

/** Everything a worker needs to start, sent with the `init` control call. */
export interface WorkerInit {
  /** URL of the node definition module (its default export is `defineNode(...)`). */
  definitionUrl: string;
  /** Positional arguments the node process was started with. */
  args: string[];
  workerIndex: number;
  workerCount: number;
  /** Port for MainToWorker / WorkerToMain traffic. */
  data: MessagePort;
  /** Ports to the other workers, indexed by worker index (null at this worker's own index). */
  peers: (MessagePort | null)[];
  /** The node-wide SeenSet's buffer, created and kept by main so it survives a worker's death. */
  seenSetBuffer: SharedArrayBuffer;
  /** GLOMERS_LOG level name. */
  logLevel: string;
  /** For a worker replacing a dead one: the node's init line, to initialise from without replying. */
  replayInit?: string;
  /** This worker slot's durable journal (kept by main; see Node.durable), if journaling is on. */
  journalBuffer?: SharedArrayBuffer;
  /** For a replacement: the first batch seq main will replay to it (records from there on are answered, not re-applied). */
  replayFromSeq?: number;
  /** Fault injection (GLOMERS_FAULT_KILL_WORKER): the worker kills itself this many ms after start. */
  killAfterMs?: number;
  /**
   * Int32[2] kept by main per slot: the worker stores the (batch seq, line index) it is about to
   * handle, so main knows which input a worker died on.
   */
  progressBuffer?: SharedArrayBuffer;
  /** An input two workers in a row died on: answer it (Node.answerPoison) instead of running it again. */
  poison?: { seq: number; index: number };
}

/** Counters a worker reports through the `stats` control call. */
export interface WorkerStats {
  workerIndex: number;
  linesIn: number;
  linesOut: number;
  dropped: number;
  pendingRpcs: number;
}

/** The control surface a worker exposes over comlink. */
export interface WorkerControl {
  /** Loads the definition, runs its setup, and starts reading the data port. */
  init(init: WorkerInit): Promise<void>;
  /** Counters since start. */
  stats(): WorkerStats;
  /** Swaps in a new port to sibling `index` (that sibling was replaced). */
  replacePeer(index: number, port: MessagePort): void;
  /** Ends the worker's long-lived piscina task so the pool can close. */
  shutdown(): void;
}

/** The piscina task each worker runs for the life of the node: it only carries the control port. */
export interface WorkerTask {
  control: MessagePort;
}
