/**
 * The KV request semantics shared by lin-kv, seq-kv and lww-kv (Maelstrom's PersistentKV and
 * LWWKV `handle`, SPEC §6): read, write and cas evaluated against one state, given as a lookup.
 * The caller decides what a write does to its state; this module only says what would be written.
 */
import type { BaseBody } from '../../shared/protocol.js';
import { ErrorCode } from '../../shared/errors.js';
import { canonicalKey, jsonEquals, prStr } from './json-value.js';

/** A stored entry: the key as sent (for completeness) and its value. */
export interface KvEntry {
  key: unknown;
  value: unknown;
}

/** Looks a key up in one state by its canonical form; undefined when the key is missing. */
export type KvLookup = (canonical: string) => KvEntry | undefined;

/** What one KV request did: the reply (without in_reply_to), and the write it makes, if any. */
export interface KvOutcome {
  reply: BaseBody;
  /** Present when the op assigns `value` to the key (write, successful cas, cas creating the key). */
  write?: { canonical: string; entry: KvEntry };
}

/** The KV request types every KV service understands. */
export const KV_REQUEST_TYPES: ReadonlySet<string> = new Set(['read', 'write', 'cas']);

/** Error 20, with Maelstrom's exact text. */
export const KEY_DOES_NOT_EXIST: BaseBody = { type: 'error', code: ErrorCode.keyDoesNotExist, text: 'key does not exist' };

/**
 * Evaluates one KV request against a state. Returns undefined for a type that is not a KV request
 * (Maelstrom's `case` throws; the service then sends no reply). `honourCreate` is false for lww-kv,
 * which ignores `create_if_not_exists`.
 */
export function evaluateKv(body: BaseBody, lookup: KvLookup, honourCreate: boolean): KvOutcome | undefined {
  // A missing field is Clojure nil; JSON null is the same thing.
  const key = body.key ?? null;
  const canonical = canonicalKey(key);
  const current = lookup(canonical);
  switch (body.type) {
    case 'read':
      return { reply: current ? { type: 'read_ok', value: current.value } : { ...KEY_DOES_NOT_EXIST } };
    case 'write':
      return { reply: { type: 'write_ok' }, write: { canonical, entry: { key, value: body.value ?? null } } };
    case 'cas': {
      const to = { canonical, entry: { key, value: body.to ?? null } };
      if (current === undefined) {
        if (honourCreate && body.create_if_not_exists) return { reply: { type: 'cas_ok' }, write: to };
        return { reply: { ...KEY_DOES_NOT_EXIST } };
      }
      if (jsonEquals(body.from ?? null, current.value)) return { reply: { type: 'cas_ok' }, write: to };
      return {
        reply: {
          type: 'error',
          code: ErrorCode.preconditionFailed,
          text: `current value ${prStr(current.value)} is not ${prStr(body.from ?? null)}`,
        },
      };
    }
    default:
      return undefined;
  }
}

/**
 * Whether applying an outcome's write to a state leaves it equal (Clojure `=` on the map): seq-kv
 * treats such ops as read-only. An op with no write never changes the state.
 */
export function changesState(outcome: KvOutcome, lookup: KvLookup): boolean {
  if (!outcome.write) return false;
  const current = lookup(outcome.write.canonical);
  return current === undefined || !jsonEquals(current.value, outcome.write.entry.value);
}
