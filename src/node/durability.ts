/**
 * A node's durability: which handler types are journaled, the worker slot's journal, replaying it
 * into a replacement worker, answering replayed inputs from it, and the output gating that makes
 * both work (output held until journaled, or dropped while replaying). The Node owns one and
 * delegates to it; see Node.durable for the contract handlers must keep.
 */
import { ErrorCode, describeError } from '../shared/errors.js';
import type { Message } from '../shared/protocol.js';
import type { Logger } from '../shared/log.js';
import type { Journal } from '../shared/journal.js';
import type { Handler } from './host.js';
import { classifyLine } from './inbound.js';

/** What durability needs from the node that owns it: its handlers and its ways to answer. */
export interface DurableNode {
  /** The handler registered for a body type, if any. */
  handlerFor(type: string): Handler | undefined;
  /** Runs a handler as dispatch does (a throw or rejection is answered as an error); returns its promise, if async. */
  runHandler(handler: Handler, message: Message): Promise<unknown> | void;
  /** Writes a line through the node's output path (counted, traced, then gated by `silent`/`hold`). */
  write(line: string): void;
  /** Hands a line to the host as is: for output that was counted when held and is now journaled. */
  release(line: string): void;
  /** Answers a request with an error, or logs and drops it when it has no msg_id. */
  refuse(message: Message, code: number, text: string): void;
  /** Where to log a request that could not be made durable or killed two workers. */
  readonly log: Logger;
}

/** The durable-journal machinery of one Node (one per worker). */
export class Durability {
  private readonly durableTypes = new Set<string>();
  private readonly recoverHooks: (() => unknown)[] = [];
  private journal?: Journal;
  /** Outputs journaled for inputs main will replay to this (replacement) worker, by `seq:index`. */
  private readonly answered = new Map<string, string[]>();
  /** While a durable handler runs: its output, held until its journal record is written. */
  private capture: string[] | null = null;
  /** During recovery: output is dropped (it was answered, or will be, from the journal). */
  private replaying = false;
  /** Replayed inputs answered from the journal instead of being applied again (for logs and tests). */
  reanswered = 0;

  constructor(private readonly node: DurableNode) {}

  /** Whether output is being dropped right now (recovery is re-running journaled inputs). */
  get silent(): boolean {
    return this.replaying;
  }

  /** Holds `line` if a durable handler is running (true); it leaves once journaled. False: write it now. */
  hold(line: string): boolean {
    if (this.capture === null) return false;
    this.capture.push(line);
    return true;
  }

  /** Marks handlers of these types as journaled (Node.durable). */
  declare(types: readonly string[]): void {
    for (const type of types) this.durableTypes.add(type);
  }

  /** Adds a hook run at the end of `recover` (Node.onRecover). */
  onRecover(hook: () => unknown): void {
    this.recoverHooks.push(hook);
  }

  /** Attaches the worker slot's durable journal (Node.attachJournal). */
  attach(journal: Journal): void {
    this.journal = journal;
  }

  /** Whether a request of this type must go through `run` (a journal is attached and the type is durable). */
  journals(type: string): boolean {
    return this.journal !== undefined && this.durableTypes.has(type);
  }

  /**
   * Rebuilds state after a worker's death: re-runs every journaled input with output dropped,
   * remembers the output of those from batch `replayFromSeq` on (main replays those batches), then
   * runs the onRecover hooks. Call after init. Returns how many records were replayed.
   */
  async recover(replayFromSeq?: number): Promise<number> {
    const records = this.journal?.records() ?? [];
    this.replaying = true;
    try {
      for (const record of records) {
        const [line, ...outputs] = record.text.split('\n');
        if (replayFromSeq !== undefined && record.seq >= replayFromSeq) this.answered.set(`${record.seq}:${record.index}`, outputs);
        const inbound = classifyLine(line);
        const handler = inbound.kind === 'message' ? this.node.handlerFor(inbound.message.body.type) : undefined;
        if (inbound.kind !== 'message' || handler === undefined) continue;
        try {
          const result = handler(inbound.message);
          if (result instanceof Promise) result.catch(() => {});
        } catch {
          // It threw the first time too (e.g. a malformed request): nothing to rebuild.
        }
      }
    } finally {
      this.replaying = false;
    }
    for (const hook of this.recoverHooks) await hook();
    return records.length;
  }

  /**
   * Runs a durable handler for the input at `seq`/`index` (main's batch and line): its output
   * leaves only after the input and output are journaled.
   */
  run(handler: Handler, message: Message, line: string, seq: number, index: number): Promise<unknown> | void {
    // Only a replacement worker has recorded answers, and only until main's replay is through.
    const key = seq === 0 || this.answered.size === 0 ? undefined : `${seq}:${index}`;
    const recorded = key === undefined ? undefined : this.answered.get(key);
    if (recorded !== undefined) {
      // Applied before the previous worker died (it is journaled): answer again, never apply twice.
      this.answered.delete(key!);
      this.reanswered++;
      for (const out of recorded) this.node.write(out);
      return undefined;
    }
    const outputs: string[] = [];
    this.capture = outputs;
    let pending: Promise<unknown> | void;
    try {
      pending = this.node.runHandler(handler, message);
    } finally {
      this.capture = null;
    }
    try {
      this.journal!.append(seq, index, line, outputs);
    } catch (error) {
      // Not durable, so not acknowledged: the client gets a crash error instead of the reply.
      this.node.log.error(`durable ${message.body.type} not journaled: ${describeError(error)}`);
      this.node.refuse(message, ErrorCode.crash, `not made durable: ${describeError(error)}`);
      return pending;
    }
    for (const out of outputs) this.node.release(out);
    return pending;
  }

  /**
   * Answers, without running its handler, an input that was being handled when two workers in a
   * row died: from the journal if it was applied; else, for a durable type (whose effects only
   * count once journaled), with the definite error 11 (not applied); else with error 13 (crash,
   * outcome unknown: its handler may have had effects elsewhere).
   */
  answerPoison(line: string, seq: number, index: number): void {
    const inbound = classifyLine(line);
    if (inbound.kind !== 'message') return;
    const message = inbound.message;
    const recorded = this.answered.get(`${seq}:${index}`);
    this.node.log.error(`input ${seq}:${index} (${String(message.body.type).slice(0, 40)}) killed two workers; answered without running it`);
    if (recorded !== undefined) {
      this.answered.delete(`${seq}:${index}`);
      for (const out of recorded) this.node.write(out);
    } else if (this.durableTypes.has(message.body.type)) this.node.refuse(message, ErrorCode.temporarilyUnavailable, 'not applied: this request killed the worker handling it, twice');
    else this.node.refuse(message, ErrorCode.crash, 'this request killed the worker handling it, twice');
  }
}
