/**
 * Clients for Maelstrom's services (SPEC §6): the lin-kv, seq-kv and lww-kv key-value stores and
 * the lin-tso timestamp oracle. Each call is one `node.rpc`; failures reject with RpcError
 * (20 key-does-not-exist, 22 precondition-failed, 0 timeout...). Note lww-kv ignores
 * create_if_not_exists.
 */
import { ErrorCode } from '../shared/errors.js';
import type { RpcOptions } from './host.js';
import type { Node } from './node.js';
import { hasErrorCode } from './rpc-error.js';

/** The three key-value services. */
export type KvService = 'lin-kv' | 'seq-kv' | 'lww-kv';

/** Options for a cas. */
export interface CasOptions extends RpcOptions {
  /** Create the key with `to` if it is missing (ignored by lww-kv). Default false. */
  createIfNotExists?: boolean;
}

/** A client for one key-value service. */
export class KV {
  constructor(
    private readonly node: Node,
    /** Which service this client talks to. */
    readonly service: KvService,
    private readonly defaults: RpcOptions = {},
  ) {}

  /** The value at `key`; rejects with code 20 if it does not exist. */
  async read<T = unknown>(key: unknown, options?: RpcOptions): Promise<T> {
    const reply = await this.node.rpc(this.service, { type: 'read', key }, { ...this.defaults, ...options });
    return reply.value as T;
  }

  /** The value at `key`, or `fallback` if it does not exist. */
  async readOr<T>(key: unknown, fallback: T, options?: RpcOptions): Promise<T> {
    try {
      return await this.read<T>(key, options);
    } catch (error) {
      if (hasErrorCode(error, ErrorCode.keyDoesNotExist)) return fallback;
      throw error;
    }
  }

  /** Sets `key` to `value`. */
  async write(key: unknown, value: unknown, options?: RpcOptions): Promise<void> {
    await this.node.rpc(this.service, { type: 'write', key, value }, { ...this.defaults, ...options });
  }

  /** Sets `key` to `to` iff it currently equals `from`; rejects with 22 on mismatch, 20 if missing. */
  async cas(key: unknown, from: unknown, to: unknown, options: CasOptions = {}): Promise<void> {
    const { createIfNotExists, ...rpcOptions } = options;
    const body = { type: 'cas', key, from, to, ...(createIfNotExists ? { create_if_not_exists: true } : {}) };
    await this.node.rpc(this.service, body, { ...this.defaults, ...rpcOptions });
  }
}

/** A client for lin-tso, the strictly increasing timestamp service. */
export class TSO {
  constructor(
    private readonly node: Node,
    private readonly defaults: RpcOptions = {},
  ) {}

  /** A timestamp greater than every one handed out before. */
  async ts(options?: RpcOptions): Promise<number> {
    const reply = await this.node.rpc('lin-tso', { type: 'ts' }, { ...this.defaults, ...options });
    return reply.ts as number;
  }
}
