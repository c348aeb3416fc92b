/**
 * The broadcast workload's topologies (SPEC §2.3, `M:workload/broadcast.clj`). Neighbour order is
 * part of the contract: nodes that gossip to "the first neighbour" must see what Maelstrom sends.
 */

/** Node id → its neighbours, in Maelstrom's order. */
export type Topology = Record<string, string[]>;

/** The names `--topology` accepts. `tree` is tree2. */
export const TOPOLOGY_KINDS = ['grid', 'line', 'total', 'tree', 'tree2', 'tree3', 'tree4'] as const;

/** One of TOPOLOGY_KINDS. */
export type TopologyKind = (typeof TOPOLOGY_KINDS)[number];

/** Builds the topology map for `nodes`. Throws an Error naming `kind` when it is not a known topology. */
export function makeTopology(kind: string, nodes: readonly string[]): Topology {
  switch (kind) {
    case 'grid':
      return gridTopology(nodes);
    case 'line':
      return lineTopology(nodes);
    case 'total':
      return totalTopology(nodes);
    case 'tree':
    case 'tree2':
      return treeTopology(2, nodes);
    case 'tree3':
      return treeTopology(3, nodes);
    case 'tree4':
      return treeTopology(4, nodes);
    default:
      throw new Error(`unknown topology ${JSON.stringify(kind)}; expected one of ${TOPOLOGY_KINDS.join(', ')}`);
  }
}

/** A ceil(√N)-wide board filled row by row; neighbours are down, up, right, left. */
function gridTopology(nodes: readonly string[]): Topology {
  const n = nodes.length;
  const side = Math.ceil(Math.sqrt(n));
  const at = (i: number, j: number): string | undefined => {
    if (i < 0 || j < 0 || j >= side) return undefined;
    const k = i * side + j;
    return k < n ? nodes[k] : undefined;
  };
  const result: Topology = {};
  for (let k = 0; k < n; k++) {
    const i = Math.floor(k / side);
    const j = k % side;
    result[nodes[k]] = [at(i + 1, j), at(i - 1, j), at(i, j + 1), at(i, j - 1)].filter((x): x is string => x !== undefined);
  }
  return result;
}

/** Each node links to its left and right; fewer than two nodes give Maelstrom's empty map. */
function lineTopology(nodes: readonly string[]): Topology {
  const n = nodes.length;
  if (n < 2) return {};
  const result: Topology = {};
  for (let k = 0; k < n; k++) {
    if (k === 0) result[nodes[k]] = [nodes[1]];
    else if (k === n - 1) result[nodes[k]] = [nodes[n - 2]];
    else result[nodes[k]] = [nodes[k - 1], nodes[k + 1]];
  }
  return result;
}

/** Every node links to every other node, in node order. */
function totalTopology(nodes: readonly string[]): Topology {
  const result: Topology = {};
  for (const node of nodes) result[node] = nodes.filter((other) => other !== node);
  return result;
}

/**
 * Tiers of sizes 1, b, b², ...; each tier's nodes take the next tier in chunks of b, in order.
 * Neighbours are [parent, ...children].
 */
function treeTopology(branching: number, nodes: readonly string[]): Topology {
  const tiers: string[][] = [];
  for (let start = 0, size = 1; start < nodes.length; start += size, size *= branching) {
    tiers.push(nodes.slice(start, start + size));
  }
  const result: Topology = {};
  const parentOf = new Map<string, string>();
  for (let t = 0; t < tiers.length; t++) {
    const below = tiers[t + 1] ?? [];
    tiers[t].forEach((node, p) => {
      const children = below.slice(p * branching, (p + 1) * branching);
      for (const child of children) parentOf.set(child, node);
      const parent = parentOf.get(node);
      result[node] = parent === undefined ? children : [parent, ...children];
    });
  }
  return result;
}
