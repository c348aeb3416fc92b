/**
 * A node's handlers by body type, with the request checks declared for them, and running one so
 * that whatever it throws or rejects with is answered as a Maelstrom error, never lost.
 */
import { errorData, isErrorData, ErrorCode, describeError } from '../shared/errors.js';
import type { Message } from '../shared/protocol.js';
import type { Logger } from '../shared/log.js';
import { TRACING, traceNow } from '../shared/trace.js';
import type { Handler } from './host.js';
import { shardOf } from './shard.js';
import { traceHandler } from './trace-hooks.js';
import { compileHandleOptions, type BodyCheck, type HandleOptions } from './validate.js';

/** Answers a request with an error, or logs and drops it when it has no msg_id (the node's refuse). */
export type Refuse = (message: Message, code: number, text: string) => void;

/** The handlers of one Node, and how a request reaches one. */
export class HandlerTable {
  private readonly handlers = new Map<string, Handler>();
  /** Compiled request checks by type, run before the handler (and before a durable one is journaled). */
  private readonly checks = new Map<string, BodyCheck>();
  private readonly internalTypes = new Set<string>();
  /** The key each sharded type's request is about (HandleOptions.shard). */
  private readonly shardKeys = new Map<string, (body: Readonly<Record<string, unknown>>) => string>();

  constructor(
    private readonly refuse: Refuse,
    private readonly log: Logger,
  ) {}

  /** Registers the handler for a body type (Node.handle); throws on a bad type or a second registration. */
  register(type: string, handler: Handler, options?: HandleOptions): void {
    if (typeof type !== 'string' || type === '') throw new TypeError(`handle: type must be a non-empty string; got ${JSON.stringify(type)}`);
    if (type === 'init') throw new Error('init is handled by the runtime; use onInit(hook)');
    if (this.handlers.has(type)) throw new Error(`a handler for ${JSON.stringify(type)} is already registered`);
    const check = compileHandleOptions(type, options);
    if (options?.shard !== undefined && typeof options.shard !== 'function') throw new TypeError(`handle(${JSON.stringify(type)}): shard must be a function`);
    this.handlers.set(type, handler);
    if (check !== undefined) this.checks.set(type, check);
    if (options?.shard !== undefined) this.shardKeys.set(type, options.shard);
    if (options?.internal === true) this.internalTypes.add(type);
  }

  /** Whether only the node's own workers may send this type (HandleOptions.internal). */
  internal(type: string): boolean {
    return this.internalTypes.size > 0 && this.internalTypes.has(type);
  }

  /** The worker among `count` that owns a checked request of a sharded type; undefined if the type is not sharded. */
  ownerOf(message: Message, count: number): number | undefined {
    const keyOf = this.shardKeys.get(message.body.type);
    if (keyOf === undefined) return undefined;
    const key: unknown = keyOf(message.body);
    // A number or other non-string key is hashed as its string form rather than all landing on one worker.
    return shardOf(typeof key === 'string' ? key : String(key), count);
  }

  /** The handler registered for a body type, if any. */
  get(type: string): Handler | undefined {
    return this.handlers.get(type);
  }

  /** Runs a handler; a throw or rejection is answered with its `{code, text}`, or error 13 (crash). */
  run(handler: Handler, message: Message): Promise<unknown> | void {
    let result: unknown;
    const start = TRACING ? traceNow() : 0;
    try {
      result = handler(message);
    } catch (error) {
      return this.fail(message, error);
    } finally {
      if (TRACING) traceHandler(message.body.type, start);
    }
    if (result instanceof Promise) return result.catch((error: unknown) => this.fail(message, error));
    return undefined;
  }

  /** Checks a message against its type's declared shape; a mismatch is refused with error 12 (true). */
  rejected(message: Message): boolean {
    const check = this.checks.get(message.body.type);
    const problem = check === undefined ? undefined : check(message.body);
    if (problem === undefined) return false;
    // Without a msg_id, refuse logs the drop itself.
    if (message.body.msg_id !== undefined) this.log.warn(`malformed ${message.body.type} from ${message.src}: ${problem}`);
    this.refuse(message, ErrorCode.malformedRequest, problem);
    return true;
  }

  /** Answers `message` for a handler that threw or rejected with `error`: its `{code, text}`, or error 13 (logged with its stack). */
  fail(message: Message, error: unknown): void {
    const data = isErrorData(error) ? errorData(error.code, error.text) : errorData(ErrorCode.crash, describeError(error));
    // The stack goes to the node's log (stderr): the client only gets the message, and a user
    // debugging their handler needs the line that threw.
    if (data.code === ErrorCode.crash) this.log.error(`handler for ${message.body.type} crashed: ${error instanceof Error && error.stack ? error.stack : describeError(error)}`);
    this.refuse(message, data.code, data.text);
  }
}
