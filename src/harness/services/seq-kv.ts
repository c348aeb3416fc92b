/**
 * seq-kv (SPEC §6): Maelstrom's `(sequential (persistent-kv))`. It remembers the last 32 states and,
 * per requester (the message src), the state index that requester last observed. Each request
 * runs against a state picked uniformly in [requester's index, newest]. An op that leaves that
 * state unchanged (read, failed cas, a write of the value already there) answers from it and the
 * requester stays at the picked index; an op that would change it is re-run on the newest state,
 * which becomes a new state, and the requester moves to it. So reads may be stale, but a
 * requester's view never goes backwards.
 *
 * Instead of 32 copies of the map, each key keeps its recent versions tagged with the state index
 * that wrote them; a state is "the last version at or before its index". A write costs O(1)
 * amortised whatever the number of keys.
 */
import type { BaseBody } from '../../shared/protocol.js';
import { randInt } from './json-value.js';
import { changesState, evaluateKv, type KvEntry, type KvLookup } from './kv-ops.js';
import { inReplyTo, type Service } from './service.js';

/** Maelstrom's ring-buffer size: states older than this are gone. */
export const SEQ_KV_STATES = 32;

interface Version {
  index: number;
  entry: KvEntry;
}

/** A sequentially consistent key-value store with per-requester stale views. */
export class SeqKv implements Service {
  readonly id: string = 'seq-kv';
  private newest = 0;
  private readonly requesters = new Map<string, number>();
  private readonly versions = new Map<string, Version[]>();

  /** @param random a source in [0, 1) (seeded by the harness). */
  constructor(private readonly random: () => number) {}

  /** See {@link Service.handle}. */
  handle(src: string, body: BaseBody): BaseBody | undefined {
    const seen = this.requesters.get(src) ?? 0;
    const index = seen + randInt(this.random, this.newest - seen + 1);
    const picked = this.lookupAt(this.stateNumber(index));
    const outcome = evaluateKv(body, picked, true);
    if (!outcome) return undefined;
    if (!changesState(outcome, picked)) {
      this.requesters.set(src, index);
      return inReplyTo(body, outcome.reply);
    }
    // Re-run on the newest state: the op may now fail (cas) or be a no-op; it still makes a new
    // state and moves the requester to it, exactly as Maelstrom conj-es the result.
    const newestLookup = this.lookupAt(this.newest);
    const rerun = evaluateKv(body, newestLookup, true)!;
    this.newest += 1;
    if (rerun.write && changesState(rerun, newestLookup)) this.record(rerun.write.canonical, rerun.write.entry);
    this.requesters.set(src, this.newest);
    return inReplyTo(body, rerun.reply);
  }

  /** The index of the newest state (0 before any change). */
  get newestIndex(): number {
    return this.newest;
  }

  /** The state index `src` last observed (0 if never seen). */
  viewOf(src: string): number {
    return this.requesters.get(src) ?? 0;
  }

  /**
   * Which state an index reaches through the ring buffer. Maelstrom takes `(nth buffer (index -
   * newest - 1))` and the ring's nth is modulo its length, so an index older than the ring wraps
   * around to a newer state (the corner case SPEC §6 mentions) instead of failing.
   */
  private stateNumber(index: number): number {
    const length = Math.min(this.newest + 1, SEQ_KV_STATES);
    const offset = index - this.newest - 1;
    const position = ((offset % length) + length) % length;
    return this.newest - length + 1 + position;
  }

  private lookupAt(state: number): KvLookup {
    return (canonical) => {
      const list = this.versions.get(canonical);
      if (!list) return undefined;
      for (let i = list.length - 1; i >= 0; i--) if (list[i].index <= state) return list[i].entry;
      return undefined;
    };
  }

  private record(canonical: string, entry: KvEntry): void {
    let list = this.versions.get(canonical);
    if (!list) this.versions.set(canonical, (list = []));
    list.push({ index: this.newest, entry });
    // Keep the version visible at the oldest reachable state and everything after it.
    const oldest = this.newest - SEQ_KV_STATES + 1;
    let keepFrom = 0;
    for (let i = 0; i < list.length && list[i].index <= oldest; i++) keepFrom = i;
    if (keepFrom > 0) list.splice(0, keepFrom);
  }
}
