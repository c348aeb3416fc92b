/**
 * lin-kv (SPEC §6): one state, each request applied atomically in arrival order, so every read
 * sees every earlier write. Maelstrom's `(linearizable (persistent-kv))`.
 */
import type { BaseBody } from '../../shared/protocol.js';
import { evaluateKv, type KvEntry } from './kv-ops.js';
import { inReplyTo, type Service } from './service.js';

/** A linearizable key-value store. */
export class LinKv implements Service {
  readonly id: string = 'lin-kv';
  private readonly state = new Map<string, KvEntry>();

  /** See {@link Service.handle}. */
  handle(_src: string, body: BaseBody): BaseBody | undefined {
    const outcome = evaluateKv(body, (canonical) => this.state.get(canonical), true);
    if (!outcome) return undefined;
    if (outcome.write) this.state.set(outcome.write.canonical, outcome.write.entry);
    return inReplyTo(body, outcome.reply);
  }

  /** The number of keys, for tests and debugging. */
  get size(): number {
    return this.state.size;
  }
}
