/**
 * The partition nemesis (SPEC §3.3): start/stop alternating with gaps uniform in [0, 2·interval),
 * the first start at t≈0; each start picks one of four grudge shapes. Only servers are named.
 */
import { keywordValue, type Keyword } from './edn.js';
import type { Grudge } from './net/partitions.js';
import type { Rng } from './rng.js';

/** The partition specs a start-partition op picks from. */
export const PARTITION_SPECS = ['one', 'minority-third', 'majority', 'majorities-ring'] as const;
/** One of PARTITION_SPECS. */
export type PartitionSpec = (typeof PARTITION_SPECS)[number];

/** Builds the grudge for a spec over the server nodes. */
export function grudgeFor(spec: PartitionSpec, nodes: readonly string[], rng: Rng): Grudge {
  switch (spec) {
    case 'one': {
      if (nodes.length === 0) return new Map();
      const lone = rng.pick(nodes);
      return completeGrudge([[lone], nodes.filter((n) => n !== lone)]);
    }
    case 'majority': {
      const shuffled = rng.shuffle(nodes);
      const at = Math.floor(nodes.length / 2);
      return completeGrudge([shuffled.slice(0, at), shuffled.slice(at)]);
    }
    case 'minority-third': {
      const shuffled = rng.shuffle(nodes);
      const at = Math.floor((nodes.length - 1) / 3);
      return completeGrudge([shuffled.slice(0, at), shuffled.slice(at)]);
    }
    case 'majorities-ring':
      return nodes.length <= 5 ? majoritiesRingPerfect(nodes, rng) : majoritiesRingStochastic(nodes, rng);
  }
}

/** Each node drops every node outside its own component. Empty entries are left out. */
export function completeGrudge(components: string[][]): Grudge {
  const grudge: Grudge = new Map();
  const all = components.flat();
  for (const component of components) {
    const inside = new Set(component);
    const outside = all.filter((n) => !inside.has(n));
    if (outside.length === 0) continue;
    for (const node of component) grudge.set(node, new Set(outside));
  }
  return grudge;
}

/** N ≤ 5: a shuffled ring; each window of floor(N/2)+1 nodes has its middle drop everyone else. */
function majoritiesRingPerfect(nodes: readonly string[], rng: Rng): Grudge {
  const ring = rng.shuffle(nodes);
  const n = ring.length;
  const m = Math.floor(n / 2) + 1;
  const grudge: Grudge = new Map();
  for (let start = 0; start < n; start++) {
    const window = Array.from({ length: m }, (_, k) => ring[(start + k) % n]);
    const middle = window[Math.floor(m / 2)];
    const inside = new Set(window);
    const outside = ring.filter((x) => !inside.has(x));
    if (outside.length) grudge.set(middle, new Set(outside));
  }
  return grudge;
}

/** N > 5: link the least-connected nodes until each sees a majority (itself included); drop the rest. */
function majoritiesRingStochastic(nodes: readonly string[], rng: Rng): Grudge {
  const m = Math.floor(nodes.length / 2) + 1;
  const links = new Map(nodes.map((n) => [n, new Set([n])]));
  const leastConnected = (candidates: string[]): string => {
    const min = Math.min(...candidates.map((c) => links.get(c)!.size));
    return rng.pick(candidates.filter((c) => links.get(c)!.size === min));
  };
  for (;;) {
    const short = nodes.filter((n) => links.get(n)!.size < m);
    if (short.length === 0) break;
    const a = leastConnected(short);
    const b = leastConnected(nodes.filter((n) => !links.get(a)!.has(n)));
    links.get(a)!.add(b);
    links.get(b)!.add(a);
  }
  const grudge: Grudge = new Map();
  for (const n of nodes) {
    const outside = nodes.filter((x) => !links.get(n)!.has(x));
    if (outside.length) grudge.set(n, new Set(outside));
  }
  return grudge;
}

/** The history value of a start-partition completion: `[:isolated {"n1" #{"n2" ...}}]`. */
export function isolatedValue(grudge: Grudge): [Keyword, Map<string, Set<string>>] {
  const byName = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });
  const out = new Map<string, Set<string>>();
  for (const dest of [...grudge.keys()].sort(byName)) out.set(dest, new Set([...grudge.get(dest)!].sort(byName)));
  return [keywordValue('isolated'), out];
}
