/**
 * Sharding a node's state by key across its handler workers (GLOMERS_WORKERS > 1): each key has
 * one owning worker, the same in every node of a test (every node runs the same binary with the
 * same worker count), so a peer's message about a key can be routed to the worker that owns it.
 *
 * A request about one key names its key with `node.handle(type, fn, { shard: (body) => key })`:
 * the runtime forwards the raw line to the owner before parsing it again or journaling it. A
 * request about several keys (a kafka poll) splits them with `groupByShard` and asks each owner
 * for its part with `node.ask`.
 */

/**
 * The worker that owns `key` among `count`: FNV-1a over the key's UTF-16 code units. Not
 * `key.length % count` or a first-character rule: Maelstrom's keys are small decimal strings, and
 * those rules put neighbouring keys on one worker.
 */
export function shardOf(key: string, count: number): number {
  if (count <= 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

/** `values` grouped by the worker that owns each one's key (`keyOf`; the value itself by default), in first-seen order. */
export function groupByShard<T>(values: Iterable<T>, count: number, keyOf: (value: T) => string = (value) => value as string): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const value of values) {
    const shard = shardOf(keyOf(value), count);
    const group = groups.get(shard);
    if (group === undefined) groups.set(shard, [value]);
    else group.push(value);
  }
  return groups;
}

/** The entries of `record` whose keys are in `keys`, as a new plain object. */
export function pick<V>(record: Readonly<Record<string, V>>, keys: readonly string[]): Record<string, V> {
  // fromEntries, not `out[key] = …`: a key "__proto__" would set the prototype instead.
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}
