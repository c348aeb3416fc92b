/**
 * The transaction dependency graph: vertices are op indices, each edge carries a bit set of
 * relationships (ww, wr, rw, process, realtime). Plus a generic iterative Tarjan SCC, used for
 * both transaction graphs and per-key version graphs (recursion would overflow on 20k-op runs).
 */

/** Relationship bits on an edge. */
export const Rel = { ww: 1, wr: 2, rw: 4, process: 8, realtime: 16 } as const;
/** A relationship name. */
export type RelName = keyof typeof Rel;
/** Every relationship name, in the order an edge's bits are read. */
export const REL_NAMES: readonly RelName[] = ['ww', 'wr', 'rw', 'process', 'realtime'];

/** The names of the bits set in a mask, e.g. 3 → ['ww', 'wr']. */
export function relNames(mask: number): RelName[] {
  return REL_NAMES.filter((name) => (mask & Rel[name]) !== 0);
}

/** A directed graph over op indices with relationship-labelled edges. Self-edges are dropped. */
export class DepGraph {
  private readonly outgoing = new Map<number, Map<number, number>>();
  private edges = 0;

  /** Adds `rel` to the edge from → to. */
  link(from: number, to: number, rel: number): void {
    if (from === to) return;
    let out = this.outgoing.get(from);
    if (out === undefined) this.outgoing.set(from, (out = new Map()));
    const old = out.get(to);
    if (old === undefined) this.edges += 1;
    out.set(to, (old ?? 0) | rel);
  }

  /** Links every `from` to every `to`. */
  linkAll(froms: Iterable<number>, tos: readonly number[], rel: number): void {
    for (const from of froms) for (const to of tos) this.link(from, to, rel);
  }

  /** The relationship mask of from → to (0 when there is no edge). */
  rels(from: number, to: number): number {
    return this.outgoing.get(from)?.get(to) ?? 0;
  }

  /** Outgoing edges of a vertex as target → mask. */
  out(from: number): ReadonlyMap<number, number> {
    return this.outgoing.get(from) ?? EMPTY;
  }

  /** Vertices with at least one outgoing edge. */
  sources(): IterableIterator<number> {
    return this.outgoing.keys();
  }

  /** Number of distinct (from, to) pairs. */
  get edgeCount(): number {
    return this.edges;
  }

  /**
   * SCCs (size ≥ 2) of the subgraph whose edges carry any bit of `mask`, restricted to `within`
   * when given.
   */
  components(mask: number, within?: ReadonlySet<number>): number[][] {
    const roots = within ?? new Set(this.outgoing.keys());
    return stronglyConnectedComponents(roots, (v) => {
      const targets: number[] = [];
      for (const [to, rels] of this.out(v)) {
        if ((rels & mask) !== 0 && (within === undefined || within.has(to))) targets.push(to);
      }
      return targets;
    });
  }
}

const EMPTY: ReadonlyMap<number, number> = new Map();

/**
 * Tarjan's strongly connected components, iteratively. Returns components of two or more
 * vertices (self-loops never make a component, matching Elle, which never has self-edges).
 */
export function stronglyConnectedComponents<T>(vertices: Iterable<T>, successors: (v: T) => readonly T[]): T[][] {
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const onStack = new Set<T>();
  const stack: T[] = [];
  const result: T[][] = [];
  let counter = 0;
  for (const root of vertices) {
    if (index.has(root)) continue;
    // Each frame is a vertex and the position of the next successor to look at.
    const frames: Array<{ v: T; next: readonly T[]; i: number }> = [];
    const open = (v: T) => {
      index.set(v, counter);
      low.set(v, counter);
      counter += 1;
      stack.push(v);
      onStack.add(v);
      frames.push({ v, next: successors(v), i: 0 });
    };
    open(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (frame.i < frame.next.length) {
        const w = frame.next[frame.i++];
        if (!index.has(w)) open(w);
        else if (onStack.has(w)) low.set(frame.v, Math.min(low.get(frame.v)!, index.get(w)!));
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.v)!));
      }
      if (low.get(frame.v) === index.get(frame.v)) {
        const component: T[] = [];
        let w: T;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.v);
        if (component.length > 1) result.push(component);
      }
    }
  }
  return result;
}
