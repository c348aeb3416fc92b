/**
 * lww-kv (SPEC §6): Maelstrom's `(eventual (lww-kv))` with its default of 2 simulated replicas.
 * Each request goes to one replica picked at random; writes stamp the value with that replica's
 * Lamport clock. `create_if_not_exists` is ignored: a missing key is always error 20.
 *
 * Quirks reproduced from maelstrom/service.clj:
 * - Every request first merges one random replica into another, then throws the merge away
 *   (it applies the request to the original vector), so replicas never converge: reads may return
 *   either replica's value, or error 20, forever.
 * - That discarded merge is still computed, and it breaks ties between equal timestamps with
 *   Clojure's `(max v1 v2)`, which throws on anything but numbers. Merging a replica with itself
 *   ties on every key, so once a replica holds a non-numeric value (string, map, null, ...) about
 *   half the requests throw, and a throwing request gets no reply (the caller sees a timeout).
 */
import type { BaseBody } from '../../shared/protocol.js';
import { randInt } from './json-value.js';
import { evaluateKv, type KvEntry } from './kv-ops.js';
import { inReplyTo, type Service } from './service.js';

/** Maelstrom's replica count (the doc says 5; `(eventual 2 ...)` is what runs). */
export const LWW_REPLICAS = 2;

interface Stamped extends KvEntry {
  ts: number;
}

interface Replica {
  clock: number;
  entries: Map<string, Stamped>;
  /** Entries whose value is not a number: a self-merge would throw. */
  nonNumeric: number;
}

/** An eventually consistent store whose replicas never merge. */
export class LwwKv implements Service {
  readonly id: string = 'lww-kv';
  private readonly replicas: Replica[] = Array.from({ length: LWW_REPLICAS }, () => ({ clock: 0, entries: new Map(), nonNumeric: 0 }));
  /** Keys present in both replicas with equal timestamps and some non-numeric value. */
  private readonly tiedNonNumeric = new Set<string>();
  /** Requests dropped because the discarded merge would have thrown. */
  mergeFailures = 0;

  /** @param random a source in [0, 1) (seeded by the harness). */
  constructor(private readonly random: () => number) {}

  /** See {@link Service.handle}. */
  handle(_src: string, body: BaseBody): BaseBody | undefined {
    const source = randInt(this.random, LWW_REPLICAS);
    const dest = randInt(this.random, LWW_REPLICAS);
    if (this.mergeWouldThrow(source, dest)) {
      this.mergeFailures += 1;
      return undefined;
    }
    const replica = this.replicas[randInt(this.random, LWW_REPLICAS)];
    const outcome = evaluateKv(body, (canonical) => replica.entries.get(canonical), false);
    if (!outcome) return undefined;
    if (outcome.write) this.store(replica, outcome.write.canonical, outcome.write.entry);
    return inReplyTo(body, outcome.reply);
  }

  /** What one replica holds for a key (undefined if missing), for tests. */
  replicaValue(replica: number, key: string): { value: unknown; ts: number } | undefined {
    const entry = this.replicas[replica].entries.get(key);
    return entry && { value: entry.value, ts: entry.ts };
  }

  private mergeWouldThrow(source: number, dest: number): boolean {
    if (source === dest) return this.replicas[source].nonNumeric > 0;
    return this.tiedNonNumeric.size > 0;
  }

  private store(replica: Replica, canonical: string, entry: KvEntry): void {
    const previous = replica.entries.get(canonical);
    if (previous && typeof previous.value !== 'number') replica.nonNumeric -= 1;
    if (typeof entry.value !== 'number') replica.nonNumeric += 1;
    replica.entries.set(canonical, { ...entry, ts: replica.clock });
    replica.clock += 1;
    const [a, b] = this.replicas.map((r) => r.entries.get(canonical));
    const tied = a !== undefined && b !== undefined && a.ts === b.ts && (typeof a.value !== 'number' || typeof b.value !== 'number');
    if (tied) this.tiedNonNumeric.add(canonical);
    else this.tiedNonNumeric.delete(canonical);
  }
}
