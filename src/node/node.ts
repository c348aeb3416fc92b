/**
 * The node a challenge definition programs against: `handle`, `reply`, `send`, `rpc`, an init
 * hook, plus the clock, logger and node-wide SeenSet. The runtime feeds it raw lines through
 * `receive`; everything it writes goes to the host's `output` as whole lines. It never touches
 * stdio or threads itself, so the same class runs in a worker and inline in a unit test.
 */
import { errorData, isErrorData, ErrorCode } from '../shared/errors.js';
import type { BaseBody, Message, NodeId } from '../shared/protocol.js';
import type { Logger } from '../shared/log.js';
import type { SeenSet } from '../shared/seen-set.js';
import type { Journal } from '../shared/journal.js';
import type { Clock } from './clock.js';
import { DEFAULT_RPC_TIMEOUT_MS, type Handler, type NodeCounters, type NodeHost, type RpcOptions } from './host.js';
import { classifyLine } from './inbound.js';
import { envelope, replyEnvelope } from './outbound.js';
import { PendingRpcs } from './pending-rpcs.js';
import { compileHandleOptions, preview, type BodyCheck, type HandleOptions } from './validate.js';
import { TRACING, traceNow } from '../shared/trace.js';
import { traceHandler } from './trace-hooks.js';

/** A Maelstrom node as a definition sees it. */
export class Node {
  /** This node's id (`n1`), valid once init has been received; '' before. */
  id: NodeId = '';
  /** Every node id in the cluster, in Maelstrom's order, including this one; [] before init. */
  nodeIds: NodeId[] = [];
  /** Positional arguments the process got (e.g. a mode name). */
  readonly args: readonly string[];
  /** This worker's index among the handler workers (0 when there is one). */
  readonly workerIndex: number;
  /** How many handler workers run this definition, each with its own Node. */
  readonly workerCount: number;
  /** Injected time; use it for timeouts and timestamps so tests can fake it. */
  readonly clock: Clock;
  /** Leveled stderr logging. */
  readonly log: Logger;
  /** The node-wide SeenSet, shared by every worker of this node process. */
  readonly seenSet: SeenSet;
  /** Traffic counters. */
  readonly counters: NodeCounters = { linesIn: 0, linesOut: 0, dropped: 0 };

  private readonly handlers = new Map<string, Handler>();
  /** Compiled request checks by type, run before the handler (and before a durable one is journaled). */
  private readonly checks = new Map<string, BodyCheck>();
  private readonly initHooks: (() => unknown)[] = [];
  private readonly pending: PendingRpcs;
  private nextSeq = 1;
  /** Read once: checking the level per message would cost more than the check saves. */
  private readonly tracing: boolean;
  /** 'running' while init hooks run: requests then wait in `heldBack` until init_ok is out. */
  private initState: 'none' | 'running' | 'done' = 'none';
  private heldBack: { line: string; seq: number; index: number }[] = [];
  private initSettled: Promise<void> = Promise.resolve();
  private settleInit: () => void = () => {};
  private readonly durableTypes = new Set<string>();
  private readonly recoverHooks: (() => unknown)[] = [];
  private journal?: Journal;
  /** Outputs journaled for inputs main will replay to this (replacement) worker, by `seq:index`. */
  private readonly answered = new Map<string, string[]>();
  /** Position of the line being dispatched: main's batch seq and line index (0, 0 when unknown). */
  private atSeq = 0;
  private atIndex = 0;
  /** While a durable handler runs: its output, held until its journal record is written. */
  private capture: string[] | null = null;
  /** During recovery: output is dropped (it was answered, or will be, from the journal). */
  private silent = false;
  /** Replayed inputs answered from the journal instead of being applied again (for logs and tests). */
  reanswered = 0;

  constructor(private readonly host: NodeHost) {
    this.args = host.args;
    this.workerIndex = host.workerIndex;
    this.workerCount = host.workerCount;
    this.clock = host.clock;
    this.log = host.log;
    this.seenSet = host.seenSet;
    this.pending = new PendingRpcs(host.clock);
    this.tracing = host.log.enabled('trace');
  }

  /** Whether init has completed (hooks run, init_ok sent). */
  get initialized(): boolean {
    return this.initState === 'done';
  }

  /** RPCs still waiting for a reply. */
  get pendingRpcs(): number {
    return this.pending.size;
  }

  /**
   * Registers the handler for a body type. A second registration for the same type throws.
   * `options.body` declares the fields the handler needs (see validate.ts): a request that does not
   * match is answered with error 12 naming the field, and never reaches the handler.
   */
  handle<B extends BaseBody = BaseBody>(type: string, handler: Handler<B>, options?: HandleOptions): void {
    if (typeof type !== 'string' || type === '') throw new TypeError(`handle: type must be a non-empty string; got ${JSON.stringify(type)}`);
    if (type === 'init') throw new Error('init is handled by the runtime; use onInit(hook)');
    if (this.handlers.has(type)) throw new Error(`a handler for ${JSON.stringify(type)} is already registered`);
    const check = compileHandleOptions(type, options);
    this.handlers.set(type, handler as Handler);
    if (check !== undefined) this.checks.set(type, check);
  }

  /** Runs `hook` once node_id is known and before init_ok is sent (in every handler worker). */
  onInit(hook: () => unknown): void {
    this.initHooks.push(hook);
  }

  /**
   * Declares that handlers of these types change state that must survive a worker's death (the
   * node keeps no other copy). With a journal attached (the worker runtime), each such input line
   * is written to the slot's durable journal together with its output, before that output leaves
   * the thread; a replacement worker re-runs every journaled input silently to rebuild its state,
   * and answers a replayed input that is already journaled with the recorded output instead of
   * applying it twice. Such handlers must change state synchronously (before they return) and
   * must not depend on anything but the node's state and the message (re-runs must match).
   */
  durable(...types: string[]): void {
    for (const type of types) this.durableTypes.add(type);
  }

  /** Runs `hook` in a worker that replaced a dead one, after the journal was replayed (e.g. re-gossip). */
  onRecover(hook: () => unknown): void {
    this.recoverHooks.push(hook);
  }

  /** Attaches the worker slot's durable journal (the runtime's call; inline nodes have none unless given one). */
  attachJournal(journal: Journal): void {
    this.journal = journal;
  }

  /**
   * Rebuilds state after a worker's death: re-runs every journaled input with output dropped,
   * remembers the output of those from batch `replayFromSeq` on (main replays those batches), then
   * runs the onRecover hooks. Call after init. Returns how many records were replayed.
   */
  async recover(replayFromSeq?: number): Promise<number> {
    const records = this.journal?.records() ?? [];
    this.silent = true;
    try {
      for (const record of records) {
        const [line, ...outputs] = record.text.split('\n');
        if (replayFromSeq !== undefined && record.seq >= replayFromSeq) this.answered.set(`${record.seq}:${record.index}`, outputs);
        const inbound = classifyLine(line);
        const handler = inbound.kind === 'message' ? this.handlers.get(inbound.message.body.type) : undefined;
        if (inbound.kind !== 'message' || handler === undefined) continue;
        try {
          const result = handler(inbound.message);
          if (result instanceof Promise) result.catch(() => {});
        } catch {
          // It threw the first time too (e.g. a malformed request): nothing to rebuild.
        }
      }
    } finally {
      this.silent = false;
    }
    for (const hook of this.recoverHooks) await hook();
    return records.length;
  }

  /** Answers `request` with `body`, setting in_reply_to to the request's msg_id. */
  reply(request: Message, body: BaseBody): void {
    // Without a msg_id nobody waits for an answer, and a reply could not say what it answers.
    if (request.body.msg_id === undefined) return this.log.debug(`not replying to ${request.body.type} without msg_id`);
    this.write(replyEnvelope(this.id || request.dest, request.src, body, request.body.msg_id));
  }

  /** Answers `request` with a Maelstrom error. */
  replyError(request: Message, code: number, text: string): void {
    this.reply(request, { type: 'error', code, text });
  }

  /** Sends a message and forgets it. */
  send(dest: NodeId, body: BaseBody): void {
    this.requireInit('send');
    this.emit(this.id, dest, body);
  }

  /**
   * Sends a request and resolves with the reply body. Rejects with RpcError: an error reply (its
   * code), no reply within the timeout (code 0, 'timeout'), or an abort (code 0, 'aborted').
   * The msg_id encodes this worker's index so a reply arriving at another worker finds its way back.
   */
  rpc(dest: NodeId, body: BaseBody, options: RpcOptions = {}): Promise<BaseBody> {
    try {
      this.requireInit('rpc');
      const timeoutMs = options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
      if (!(timeoutMs >= 0)) throw new RangeError(`rpc: timeoutMs must be a non-negative number; got ${timeoutMs}`);
      const msgId = this.nextSeq++ * this.workerCount + this.workerIndex;
      const line = envelope(this.id, dest, { ...body, msg_id: msgId });
      const reply = this.pending.register(msgId, timeoutMs, options.signal);
      if (this.pending.has(msgId)) this.write(line);
      return reply;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Feeds one raw input line: parse, validate, and dispatch. Never throws. `seq`/`index` say where
   * main's input put it (batch and line), for the durable journal. Returns a promise while its
   * handling goes on asynchronously (an async handler, init), so the runtime knows when it is done.
   */
  receive(line: string, seq = 0, index = 0): Promise<unknown> | void {
    this.counters.linesIn++;
    if (this.tracing) this.log.trace(`in ${line}`);
    this.atSeq = seq;
    this.atIndex = index;
    try {
      return this.dispatch(line);
    } catch (error) {
      // A backstop: one bad line must not take the rest of its batch down with it.
      this.counters.dropped++;
      this.log.error(`input line failed: ${describe(error)}: ${line.length > 200 ? line.slice(0, 200) + '…' : line}`);
      return undefined;
    }
  }

  private dispatch(line: string): Promise<unknown> | void {
    const inbound = classifyLine(line);
    if (inbound.kind === 'drop') {
      this.drop(inbound.reason, line);
      return;
    }
    if (inbound.kind === 'malformed') {
      const src = this.id || inbound.dest;
      if (src === undefined) return this.drop(`${inbound.reason} (and no id to answer from)`, line);
      this.log.warn(`malformed request from ${inbound.src}: ${inbound.reason}`);
      this.emit(src, inbound.src, { type: 'error', in_reply_to: inbound.msgId, code: ErrorCode.malformedRequest, text: inbound.reason });
      return;
    }
    const message = inbound.message;
    const body = message.body;
    if (body.in_reply_to !== undefined) return this.receiveReply(message, line);
    if (body.type === 'init') return this.receiveInit(message, line);
    if (this.initState === 'running') {
      this.heldBack.push({ line, seq: this.atSeq, index: this.atIndex });
      return this.initSettled;
    }
    if (this.initState === 'none') return this.refuse(message, ErrorCode.temporarilyUnavailable, 'node is not initialised yet');
    const handler = this.handlers.get(body.type);
    if (!handler) return this.refuse(message, ErrorCode.notSupported, `unknown message type ${JSON.stringify(body.type)}`);
    if (this.rejected(message)) return;
    if (this.journal !== undefined && this.durableTypes.has(body.type)) return this.runDurable(handler, message, line);
    return this.runHandler(handler, message);
  }

  /** Runs a durable handler: its output leaves only after the input and output are journaled. */
  private runDurable(handler: Handler, message: Message, line: string): Promise<unknown> | void {
    // Only a replacement worker has recorded answers, and only until main's replay is through.
    const key = this.atSeq === 0 || this.answered.size === 0 ? undefined : `${this.atSeq}:${this.atIndex}`;
    const recorded = key === undefined ? undefined : this.answered.get(key);
    if (recorded !== undefined) {
      // Applied before the previous worker died (it is journaled): answer again, never apply twice.
      this.answered.delete(key!);
      this.reanswered++;
      for (const out of recorded) this.write(out);
      return undefined;
    }
    const outputs: string[] = [];
    this.capture = outputs;
    let pending: Promise<unknown> | void;
    try {
      pending = this.runHandler(handler, message);
    } finally {
      this.capture = null;
    }
    try {
      this.journal!.append(this.atSeq, this.atIndex, line, outputs);
    } catch (error) {
      // Not durable, so not acknowledged: the client gets a crash error instead of the reply.
      this.log.error(`durable ${message.body.type} not journaled: ${describe(error)}`);
      this.refuse(message, ErrorCode.crash, `not made durable: ${describe(error)}`);
      return pending;
    }
    for (const out of outputs) this.host.output(out);
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
    this.log.error(`input ${seq}:${index} (${String(message.body.type).slice(0, 40)}) killed two workers; answered without running it`);
    if (recorded !== undefined) {
      this.answered.delete(`${seq}:${index}`);
      for (const out of recorded) this.write(out);
    } else if (this.durableTypes.has(message.body.type)) this.refuse(message, ErrorCode.temporarilyUnavailable, 'not applied: this request killed the worker handling it, twice');
    else this.refuse(message, ErrorCode.crash, 'this request killed the worker handling it, twice');
  }

  /** Initialises from an init line another worker received (no init_ok from this worker). */
  async initFromPeer(line: string): Promise<void> {
    const inbound = classifyLine(line);
    if (inbound.kind !== 'message') return;
    if (this.adoptInit(inbound.message) !== undefined) return;
    this.startInit();
    try {
      await this.runInitHooks();
    } finally {
      this.initDone();
    }
  }

  private receiveReply(message: Message, line: string): void {
    const inReplyTo = message.body.in_reply_to as number;
    const owner = this.workerCount > 1 ? inReplyTo % this.workerCount : this.workerIndex;
    if (owner !== this.workerIndex && this.host.forward) return this.host.forward(owner, line);
    if (this.pending.deliver(inReplyTo, message.body)) return;
    const handler = this.handlers.get(message.body.type);
    if (handler) return void (this.rejected(message) || this.runHandler(handler, message));
    if (this.log.enabled('debug')) this.log.debug(`ignored reply nobody waits for: ${line}`);
  }

  private async receiveInit(message: Message, line: string): Promise<void> {
    const problem = this.adoptInit(message);
    if (problem !== undefined) return this.refuse(message, ErrorCode.malformedRequest, problem);
    if (this.initState === 'done') return this.reply(message, { type: 'init_ok' });
    this.startInit();
    try {
      await this.runInitHooks();
      if (this.host.initPeers) await this.host.initPeers(line);
    } catch (error) {
      this.log.error(`init hook failed: ${describe(error)}`);
      this.refuse(message, ErrorCode.crash, `init failed: ${describe(error)}`);
      return this.initDone();
    }
    this.reply(message, { type: 'init_ok' });
    this.log.info(`initialised as ${this.id} of [${this.nodeIds.join(', ')}]`);
    this.initDone();
    this.host.initialised?.(line);
  }

  /** Resolves once no init is running (and the requests it held back have been handled). */
  whenInitSettled(): Promise<void> {
    return this.initSettled;
  }

  private startInit(): void {
    this.initState = 'running';
    this.initSettled = new Promise((resolve) => (this.settleInit = resolve));
  }

  /** Marks init complete and handles the requests that arrived while it ran, in order. */
  private initDone(): void {
    this.initState = 'done';
    for (const { line, seq, index } of this.heldBack.splice(0)) {
      this.atSeq = seq;
      this.atIndex = index;
      void this.dispatch(line);
    }
    this.settleInit();
  }

  /** Takes node_id and node_ids from an init message; returns a problem description if malformed. */
  private adoptInit(message: Message): string | undefined {
    const { node_id: id, node_ids: ids } = message.body;
    if (typeof id !== 'string' || id.length === 0) return 'init needs a string node_id';
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) return 'init needs node_ids, an array of strings';
    if (this.id !== '' && id !== this.id) return `already initialised as ${this.id}`;
    this.id = id;
    this.nodeIds = [...(ids as string[])];
    return undefined;
  }

  private async runInitHooks(): Promise<void> {
    for (const hook of this.initHooks) await hook();
  }

  private runHandler(handler: Handler, message: Message): Promise<unknown> | void {
    let result: unknown;
    const start = TRACING ? traceNow() : 0;
    try {
      result = handler(message);
    } catch (error) {
      return this.handlerFailed(message, error);
    } finally {
      if (TRACING) traceHandler(message.body.type, start);
    }
    if (result instanceof Promise) return result.catch((error: unknown) => this.handlerFailed(message, error));
    return undefined;
  }

  private handlerFailed(message: Message, error: unknown): void {
    const data = isErrorData(error) ? errorData(error.code, error.text) : errorData(ErrorCode.crash, describe(error));
    if (data.code === ErrorCode.crash) this.log.error(`handler for ${message.body.type} crashed: ${describe(error)}`);
    this.refuse(message, data.code, data.text);
  }

  /** Checks a message against its type's declared shape; a mismatch is refused with error 12 (true). */
  private rejected(message: Message): boolean {
    const check = this.checks.get(message.body.type);
    const problem = check === undefined ? undefined : check(message.body);
    if (problem === undefined) return false;
    // Without a msg_id, refuse logs the drop itself.
    if (message.body.msg_id !== undefined) this.log.warn(`malformed ${message.body.type} from ${message.src}: ${problem}`);
    this.refuse(message, ErrorCode.malformedRequest, problem);
    return true;
  }

  /** Replies with an error if the message can be answered; otherwise logs and drops it. */
  private refuse(message: Message, code: number, text: string): void {
    // A preview, not JSON.stringify: the body may be nested too deep to stringify, or megabytes long.
    if (message.body.msg_id === undefined) return this.drop(`${text} (no msg_id to answer)`, `from ${message.src}: ${preview(message.body, 200)}`);
    this.replyError(message, code, text);
  }

  private drop(reason: string, line: string): void {
    this.counters.dropped++;
    this.log.warn(`dropped input: ${reason}: ${line.length > 200 ? line.slice(0, 200) + '…' : line}`);
  }

  private requireInit(what: string): void {
    if (this.id === '') throw new Error(`cannot ${what} before init: this node has no id yet`);
  }

  private emit(src: NodeId, dest: NodeId, body: BaseBody): void {
    this.write(envelope(src, dest, body));
  }

  private write(line: string): void {
    if (this.silent) return;
    this.counters.linesOut++;
    if (this.tracing) this.log.trace(`out ${line}`);
    if (this.capture !== null) this.capture.push(line);
    else this.host.output(line);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
