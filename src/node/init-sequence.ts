/**
 * A node's init sequence: adopting the init message, running the init hooks, holding back the
 * requests that arrive meanwhile and dispatching them, in order, once init_ok is out. Init comes
 * either from Maelstrom (answered with init_ok) or from a sibling worker (answered by that one).
 * The Node owns one and delegates to it.
 */
import { ErrorCode, describeError } from '../shared/errors.js';
import type { BaseBody, Message, NodeId } from '../shared/protocol.js';
import type { Logger } from '../shared/log.js';
import type { NodeHost } from './host.js';
import { classifyLine } from './inbound.js';

/** Where a node is in its init: 'running' while init hooks run, when requests are held back. */
export type InitState = 'none' | 'running' | 'done';

/** What the init sequence needs from the node that owns it. */
export interface InitializingNode {
  /** The node's id ('' before init) and cluster as they stand. */
  identity(): { id: NodeId; nodeIds: readonly NodeId[] };
  /** Sets the node's id and cluster from a well-formed init message. */
  adopt(id: NodeId, nodeIds: NodeId[]): void;
  /** Answers a request (here, init with init_ok). */
  reply(message: Message, body: BaseBody): void;
  /** Answers a request with an error, or logs and drops it when it has no msg_id. */
  refuse(message: Message, code: number, text: string): void;
  /** Dispatches a request held back while init ran, at its position in main's input (batch seq, line index). */
  dispatch(line: string, seq: number, index: number): void;
  /** Where init progress and failures are logged. */
  readonly log: Logger;
}

/** The init sequence of one Node (one per worker). */
export class InitSequence {
  private current: InitState = 'none';
  private heldBack: { line: string; seq: number; index: number }[] = [];
  private settled: Promise<void> = Promise.resolve();
  private settle: () => void = () => {};
  private readonly hooks: (() => unknown)[] = [];

  constructor(
    private readonly node: InitializingNode,
    private readonly host: Pick<NodeHost, 'initPeers' | 'initialised'>,
  ) {}

  /** Where init stands: requests are refused before it, held back during it. */
  get state(): InitState {
    return this.current;
  }

  /** Adds a hook run once node_id is known and before init_ok is sent (Node.onInit). */
  onInit(hook: () => unknown): void {
    this.hooks.push(hook);
  }

  /** Keeps a request that arrived while init runs; it is dispatched once init is done. Resolves then. */
  holdBack(line: string, seq: number, index: number): Promise<void> {
    this.heldBack.push({ line, seq, index });
    return this.settled;
  }

  /** Resolves once no init is running (and the requests it held back have been handled). */
  whenSettled(): Promise<void> {
    return this.settled;
  }

  /** Handles init from Maelstrom: adopt it, run the hooks (and the sibling workers'), answer init_ok. */
  async receive(message: Message, line: string): Promise<void> {
    const problem = this.adopt(message);
    if (problem !== undefined) return this.node.refuse(message, ErrorCode.malformedRequest, problem);
    if (this.current === 'done') return this.node.reply(message, { type: 'init_ok' });
    this.start();
    try {
      await this.runHooks();
      if (this.host.initPeers) await this.host.initPeers(line);
    } catch (error) {
      this.node.log.error(`init hook failed: ${describeError(error)}`);
      this.node.refuse(message, ErrorCode.crash, `init failed: ${describeError(error)}`);
      return this.done();
    }
    this.node.reply(message, { type: 'init_ok' });
    const { id, nodeIds } = this.node.identity();
    this.node.log.info(`initialised as ${id} of [${nodeIds.join(', ')}]`);
    this.done();
    this.host.initialised?.(line);
  }

  /** Initialises from an init line another worker received (no init_ok from this worker). */
  async fromPeer(line: string): Promise<void> {
    const inbound = classifyLine(line);
    if (inbound.kind !== 'message') return;
    if (this.adopt(inbound.message) !== undefined) return;
    this.start();
    try {
      await this.runHooks();
    } finally {
      this.done();
    }
  }

  /** Takes node_id and node_ids from an init message; returns a problem description if malformed. */
  private adopt(message: Message): string | undefined {
    const { node_id: id, node_ids: ids } = message.body;
    if (typeof id !== 'string' || id.length === 0) return 'init needs a string node_id';
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) return 'init needs node_ids, an array of strings';
    const current = this.node.identity().id;
    if (current !== '' && id !== current) return `already initialised as ${current}`;
    this.node.adopt(id, [...(ids as string[])]);
    return undefined;
  }

  private start(): void {
    this.current = 'running';
    this.settled = new Promise((resolve) => (this.settle = resolve));
  }

  /** Marks init complete and handles the requests that arrived while it ran, in order. */
  private done(): void {
    this.current = 'done';
    for (const { line, seq, index } of this.heldBack.splice(0)) this.node.dispatch(line, seq, index);
    this.settle();
  }

  private async runHooks(): Promise<void> {
    for (const hook of this.hooks) await hook();
  }
}
