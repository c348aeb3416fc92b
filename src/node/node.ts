/**
 * The node a challenge definition programs against: `handle`, `reply`, `send`, `rpc`, an init
 * hook, plus the clock, logger and node-wide SeenSet. The runtime feeds it raw lines through
 * `receive`; everything it writes goes to the host's `output` as whole lines. It never touches
 * stdio or threads itself, so the same class runs in a worker and inline in a unit test.
 * It routes lines; its handlers (handler-table.ts), init (init-sequence.ts) and durable journal
 * (durability.ts) each live in their own module, wired to it through small callback interfaces.
 */
import { ErrorCode, describeError } from '../shared/errors.js';
import type { BaseBody, Message, NodeId } from '../shared/protocol.js';
import type { Logger } from '../shared/log.js';
import type { SeenSet } from '../shared/seen-set.js';
import type { Journal } from '../shared/journal.js';
import type { Clock } from './clock.js';
import { Durability } from './durability.js';
import { HandlerTable } from './handler-table.js';
import { DEFAULT_RPC_TIMEOUT_MS, type Handler, type NodeCounters, type NodeHost, type RpcOptions } from './host.js';
import { classifyLine } from './inbound.js';
import { InitSequence } from './init-sequence.js';
import { envelope, replyEnvelope } from './outbound.js';
import { PendingRpcs } from './pending-rpcs.js';
import { RpcError } from './rpc-error.js';
import { preview, type HandleOptions } from './validate.js';

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

  private readonly handlers: HandlerTable;
  private readonly pending: PendingRpcs;
  private nextSeq = 1;
  /** Read once: checking the level per message would cost more than the check saves. */
  private readonly tracing: boolean;
  /** Init: adopting it, running its hooks, holding requests back until init_ok is out. */
  private readonly init: InitSequence;
  /** The durable journal, and the output gating (held, or dropped while replaying) it needs. */
  private readonly durability: Durability;
  /** The message being dispatched and its raw line (handOff passes the line on as it came). */
  private inbound: { message: Message; line: string } | undefined;

  constructor(private readonly host: NodeHost) {
    this.args = host.args;
    this.workerIndex = host.workerIndex;
    this.workerCount = host.workerCount;
    this.clock = host.clock;
    this.log = host.log;
    this.seenSet = host.seenSet;
    this.pending = new PendingRpcs(host.clock);
    this.tracing = host.log.enabled('trace');
    this.handlers = new HandlerTable((message, code, text) => this.refuse(message, code, text), host.log);
    this.init = new InitSequence(
      {
        identity: () => ({ id: this.id, nodeIds: this.nodeIds }),
        adopt: (id, nodeIds) => {
          this.id = id;
          this.nodeIds = nodeIds;
        },
        reply: (message, body) => this.reply(message, body),
        refuse: (message, code, text) => this.refuse(message, code, text),
        dispatch: (line, seq, index) => void this.dispatch(line, seq, index),
        log: host.log,
      },
      host,
    );
    this.durability = new Durability({
      handlerFor: (type) => this.handlers.get(type),
      runHandler: (handler, message) => this.handlers.run(handler, message),
      write: (line) => this.write(line),
      release: (line) => host.output(line),
      refuse: (message, code, text) => this.refuse(message, code, text),
      log: host.log,
    });
  }

  /** Whether init has completed (hooks run, init_ok sent). */
  get initialized(): boolean {
    return this.init.state === 'done';
  }

  /** Replayed inputs answered from the journal instead of being applied again (for logs and tests). */
  get reanswered(): number {
    return this.durability.reanswered;
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
    this.handlers.register(type, handler as Handler, options);
  }

  /** Runs `hook` once node_id is known and before init_ok is sent (in every handler worker). */
  onInit(hook: () => unknown): void {
    this.init.onInit(hook);
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
    this.durability.declare(types);
  }

  /** Runs `hook` in a worker that replaced a dead one, after the journal was replayed (e.g. re-gossip). */
  onRecover(hook: () => unknown): void {
    this.durability.onRecover(hook);
  }

  /** Attaches the worker slot's durable journal (the runtime's call; inline nodes have none unless given one). */
  attachJournal(journal: Journal): void {
    this.durability.attach(journal);
  }

  /**
   * Rebuilds state in a replacement worker by re-running the journal silently, then runs the
   * onRecover hooks (see Durability.recover). Call after init. Returns how many records were replayed.
   */
  async recover(replayFromSeq?: number): Promise<number> {
    return this.durability.recover(replayFromSeq);
  }

  /**
   * Hands `message` to handler worker `workerIndex` of this node, which handles it as if it had
   * arrived there (its reply then leaves from that worker). This keeps a piece of state (a key's
   * log, a counter, the gossip links) in one worker when several run: a handler calls
   * `node.handOff(owner, message)` when `owner !== node.workerIndex`. With one worker, or the
   * target being this worker, the message is handled here. A message handed to a worker that
   * dies before handling it is lost, as if the network had dropped it.
   */
  handOff(workerIndex: number, message: Message): void {
    if (!Number.isInteger(workerIndex) || workerIndex < 0 || workerIndex >= this.workerCount) {
      throw new RangeError(`handOff: workerIndex must be an integer in [0, ${this.workerCount}); got ${workerIndex}`);
    }
    // A durable handler re-run silently to rebuild a replacement's state handed this message off
    // the first time: handing it off again would apply it twice in the owner.
    if (this.durability.silent) return;
    // The line it came in on, when it is the message being dispatched: no second stringify.
    const line = message === this.inbound?.message ? this.inbound.line : JSON.stringify(message);
    if (workerIndex === this.workerIndex || !this.host.forward) return void this.receive(line);
    this.host.forward(workerIndex, line);
  }

  /**
   * Hands worker `workerIndex` of this node a message from the node itself, with `body`: the way
   * workers pass each other state (a shard's items for the link worker, a running total). With one
   * worker it is handled here at once; while the journal is replayed, it is not sent (see handOff).
   */
  tell(workerIndex: number, body: BaseBody): void {
    this.handOff(workerIndex, { src: this.id, dest: this.id, body });
  }

  /**
   * Answers `request` once `answer` settles: with its body, or as a handler that rejected (its
   * `{code, text}`, else error 13), without handing the promise back to the runtime. For a handler
   * that forwards or asks: returned, the promise would keep the input batch the request came in
   * unsettled until then, and if this worker died meanwhile main would give that batch to its
   * replacement, which would forward the batch's other requests a second time (a kafka send
   * appended twice). Lost with the worker, the answer is a reply the client sees time out.
   */
  replyLater(request: Message, answer: Promise<BaseBody>): void {
    answer.then(
      (body) => this.reply(request, body),
      (error: unknown) => this.handlers.fail(request, error),
    );
  }

  /** Answers `request` with `body`, setting in_reply_to to the request's msg_id. */
  reply(request: Message, body: BaseBody): void {
    // Without a msg_id nobody waits for an answer, and a reply could not say what it answers.
    if (request.body.msg_id === undefined) return this.log.debug(`not replying to ${request.body.type} without msg_id`);
    const line = replyEnvelope(this.id || request.dest, request.src, body, request.body.msg_id);
    // A request from this node itself came from a worker's `ask`: its answer never leaves the process.
    if (request.src === this.id && this.id !== '') return this.toSibling(request.body.msg_id % this.workerCount, line);
    this.write(line);
  }

  /**
   * Asks handler worker `workerIndex` of this node (this one included) to handle `body` as a
   * request from this node, and resolves with its reply body: the scatter-gather half of
   * sharding (see shard.ts), e.g. a poll over keys that several workers own. The request and its
   * reply stay inside the process. Rejects like `rpc` (error reply, timeout, abort); a worker that
   * dies before answering shows as a timeout.
   */
  ask(workerIndex: number, body: BaseBody, options: RpcOptions = {}): Promise<BaseBody> {
    try {
      this.requireInit('ask');
      if (!Number.isInteger(workerIndex) || workerIndex < 0 || workerIndex >= this.workerCount) {
        throw new RangeError(`ask: workerIndex must be an integer in [0, ${this.workerCount}); got ${workerIndex}`);
      }
      // Re-running a journaled handler must not ask again: the first run's asks were answered.
      if (this.durability.silent) return Promise.reject(new RpcError(0, 'not asked while replaying the journal', 'aborted'));
      const msgId = this.nextSeq++ * this.workerCount + this.workerIndex;
      const reply = this.pending.register(msgId, options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS, options.signal);
      if (this.pending.has(msgId)) this.toSibling(workerIndex, envelope(this.id, this.id, { ...body, msg_id: msgId }));
      return reply;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Whether the journal is being re-run to rebuild a replacement worker's state (output is dropped). */
  get replaying(): boolean {
    return this.durability.silent;
  }

  /** A line for worker `workerIndex` of this node; to itself after the current handler returns. */
  private toSibling(workerIndex: number, line: string): void {
    if (this.durability.silent) return;
    if (workerIndex !== this.workerIndex && this.host.forward) return this.host.forward(workerIndex, line);
    queueMicrotask(() => void this.receive(line));
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
    try {
      return this.dispatch(line, seq, index);
    } catch (error) {
      // A backstop: one bad line must not take the rest of its batch down with it.
      this.counters.dropped++;
      this.log.error(`input line failed: ${describeError(error)}: ${line.length > 200 ? line.slice(0, 200) + '…' : line}`);
      return undefined;
    }
  }

  private dispatch(line: string, seq: number, index: number): Promise<unknown> | void {
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
    this.inbound = { message, line };
    const body = message.body;
    if (body.in_reply_to !== undefined) return this.receiveReply(message, line);
    if (body.type === 'init') return this.init.receive(message, line);
    if (this.init.state === 'running') return this.init.holdBack(line, seq, index);
    if (this.init.state === 'none') return this.refuse(message, ErrorCode.temporarilyUnavailable, 'node is not initialised yet');
    const handler = this.handlerFor(message);
    if (!handler) return this.refuse(message, ErrorCode.notSupported, `unknown message type ${JSON.stringify(body.type)}`);
    if (this.handlers.rejected(message)) return;
    if (this.workerCount > 1 && this.host.forward) {
      // A sharded request goes to its key's worker as the line it came in on, before any journaling.
      let owner: number | undefined;
      try {
        owner = this.handlers.ownerOf(message, this.workerCount);
      } catch (error) {
        return this.refuse(message, ErrorCode.malformedRequest, `${body.type}: no shard key: ${describeError(error)}`);
      }
      if (owner !== undefined && owner !== this.workerIndex) return this.host.forward(owner, line);
    }
    if (this.durability.journals(body.type)) return this.durability.run(handler, message, line, seq, index);
    return this.handlers.run(handler, message);
  }

  /** Answers, without running it, an input that killed two workers in a row (see Durability.answerPoison). */
  answerPoison(line: string, seq: number, index: number): void {
    this.durability.answerPoison(line, seq, index);
  }

  /** Initialises from an init line another worker received (no init_ok from this worker). */
  initFromPeer(line: string): Promise<void> {
    return this.init.fromPeer(line);
  }

  /** Resolves once no init is running (and the requests it held back have been handled). */
  whenInitSettled(): Promise<void> {
    return this.init.whenSettled();
  }

  private receiveReply(message: Message, line: string): void {
    const inReplyTo = message.body.in_reply_to as number;
    const owner = this.workerCount > 1 ? inReplyTo % this.workerCount : this.workerIndex;
    if (owner !== this.workerIndex && this.host.forward) return this.host.forward(owner, line);
    if (this.pending.deliver(inReplyTo, message.body)) return;
    const handler = this.handlerFor(message);
    if (handler) return void (this.handlers.rejected(message) || this.handlers.run(handler, message));
    if (this.log.enabled('debug')) this.log.debug(`ignored reply nobody waits for: ${line}`);
  }

  /** The handler for a message's type; none for an internal type from outside this node (HandleOptions.internal). */
  private handlerFor(message: Message): Handler | undefined {
    if (this.handlers.internal(message.body.type) && message.src !== this.id) return undefined;
    return this.handlers.get(message.body.type);
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
    if (this.durability.silent) return;
    this.counters.linesOut++;
    if (this.tracing) this.log.trace(`out ${line}`);
    if (!this.durability.hold(line)) this.host.output(line);
  }
}
