/**
 * Cycle search over the dependency graph (SPEC §2.8). Per strongly connected component we look
 * for one cycle of each anomaly type, most severe first, skipping types an earlier find implies;
 * a cycle is classified by its edge types: G0 (ww only), G1c (ww/wr with a wr), G-single (one rw),
 * G2-item (two or more rw, some adjacent) or G-nonadjacent (two or more, none adjacent), with a
 * -process or -realtime suffix when such an edge is used. Searches run under a step budget; when
 * it runs out we report cycle-search-timeout, as Elle does when its 1 s per-SCC timer fires.
 */
import type { Op } from '../history.js';
import { Rel, relNames, type DepGraph } from './graph.js';
import { impliedAnomalies, impossibleFromModels, impossibleModels, friendlyModel } from './models.js';
import type { Evidence } from './evidence.js';
import { explainStep, type Step } from './explain.js';

/** A cycle anomaly: the ops around the cycle (first repeated last) and why each precedes the next. */
export interface CycleCase {
  type: string;
  cycle: Op[];
  steps: Step[];
}

/** A cycle-exists fallback: some cycle violating a model exists in this SCC. */
export interface CycleExistsCase {
  type: string;
  not: string;
  subgraph: string | string[];
  'scc-size': number;
  scc: number[];
}

/** The search ran out of budget in an SCC. */
export interface TimeoutCase {
  type: 'cycle-search-timeout';
  'anomaly-spec-type': string;
  'scc-size': number;
}

/** Any case this module produces. */
export type CycleAnomaly = CycleCase | CycleExistsCase | TimeoutCase;

type Count = 'none' | 'one' | 'some' | 'many';

interface Spec {
  name: string;
  allowed: number;
  special: number;
  count: Count;
  variant: number;
}

const DATA: Spec[] = [
  { name: 'G0', allowed: Rel.ww, special: 0, count: 'none', variant: 0 },
  { name: 'G1c', allowed: Rel.ww | Rel.wr, special: Rel.wr, count: 'some', variant: 0 },
  { name: 'G-single', allowed: Rel.ww | Rel.wr | Rel.rw, special: Rel.rw, count: 'one', variant: 0 },
  // One search covers both: the classification decides which of the two a cycle is.
  { name: 'G2-item', allowed: Rel.ww | Rel.wr | Rel.rw, special: Rel.rw, count: 'many', variant: 0 },
];

/** Every cycle spec in search order: data-only, then -process, then -realtime variants. */
export const CYCLE_SPECS: readonly Spec[] = [
  ...DATA,
  ...DATA.map((s) => ({ ...s, name: `${s.name}-process`, allowed: s.allowed | Rel.process, variant: Rel.process })),
  ...DATA.map((s) => ({ ...s, name: `${s.name}-realtime`, allowed: s.allowed | Rel.realtime, variant: Rel.realtime })),
];

/** The names a spec can report (the G2-item search also yields G-nonadjacent). */
export function specTypes(spec: Spec): string[] {
  return spec.name.startsWith('G2-item') ? [spec.name, spec.name.replace('G2-item', 'G-nonadjacent')] : [spec.name];
}

const EXISTS: Array<{ model: string; mask: number }> = [
  { model: 'PL-1', mask: Rel.ww },
  { model: 'PL-2', mask: Rel.ww | Rel.wr },
  { model: 'PL-3', mask: Rel.ww | Rel.wr | Rel.rw },
  { model: 'strong-session-PL-1', mask: Rel.ww | Rel.process },
  { model: 'strong-session-PL-2', mask: Rel.ww | Rel.wr | Rel.process },
  { model: 'strong-session-serializable', mask: Rel.ww | Rel.wr | Rel.rw | Rel.process },
  { model: 'strong-PL-1', mask: Rel.ww | Rel.realtime },
  { model: 'strong-PL-2', mask: Rel.ww | Rel.wr | Rel.realtime },
  { model: 'PL-SS', mask: Rel.ww | Rel.wr | Rel.rw | Rel.realtime },
];

/** Classifies a cycle from the relationship each step used. */
export function classify(rels: readonly number[]): string {
  const count = (r: number) => rels.filter((x) => x === r).length;
  const rw = count(Rel.rw);
  const adjacent = rels.some((r, i) => r === Rel.rw && rels[(i + 1) % rels.length] === Rel.rw);
  const base = rw === 1 ? 'G-single' : rw > 1 ? (adjacent ? 'G2-item' : 'G-nonadjacent') : count(Rel.wr) > 0 ? 'G1c' : 'G0';
  return base + (count(Rel.realtime) > 0 ? '-realtime' : count(Rel.process) > 0 ? '-process' : '');
}

function accepts(spec: Spec, specials: number, variantSeen: boolean): boolean {
  if (spec.variant !== 0 && !variantSeen) return false;
  switch (spec.count) {
    case 'none': return true;
    case 'one': return specials === 1;
    case 'some': return specials >= 1;
    case 'many': return specials >= 2;
  }
}

/** A mutable step allowance shared by one SCC's searches. */
export interface Budget {
  steps: number;
}

/**
 * Finds a cycle matching `spec` inside `members`, as the list of relationships and vertices
 * (vertex i → vertex i+1 via rels[i], wrapping). We anchor on an edge the spec needs (a variant
 * edge, else a special edge, else any allowed edge) and breadth-first search from its head back to
 * its tail over states (vertex, specials so far capped at 2, variant seen), extending only simple
 * paths, so the cycle found per anchor is a shortest simple one (up to the state merging).
 * Returns 'timeout' when the budget runs out.
 */
function findCycle(graph: DepGraph, members: ReadonlySet<number>, spec: Spec, budget: Budget): { vertices: number[]; rels: number[] } | undefined | 'timeout' {
  const anchorMask = spec.variant || spec.special || spec.allowed;
  for (const sub of graph.components(spec.allowed, members)) {
    const inSub = new Set(sub);
    for (const a of sub) {
      for (const [b, labels] of graph.out(a)) {
        if (!inSub.has(b) || (labels & anchorMask) === 0) continue;
        const anchorRel = relBits(labels & anchorMask)[0];
        const found = searchBack(graph, inSub, spec, a, b, anchorRel, budget);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}

function relBits(mask: number): number[] {
  return relNames(mask).map((n) => Rel[n]);
}

function searchBack(graph: DepGraph, inSub: ReadonlySet<number>, spec: Spec, a: number, b: number, anchorRel: number, budget: Budget): { vertices: number[]; rels: number[] } | undefined | 'timeout' {
  const startSpecials = (anchorRel & spec.special) !== 0 ? 1 : 0;
  const startVariant = (anchorRel & spec.variant) !== 0;
  const key = (v: number, s: number, seen: boolean) => `${v}/${s}/${seen ? 1 : 0}`;
  interface State { v: number; specials: number; variant: boolean; parent?: State; rel: number }
  const start: State = { v: b, specials: startSpecials, variant: startVariant, rel: anchorRel };
  const visited = new Set([key(b, startSpecials, startVariant)]);
  let frontier = [start];
  while (frontier.length > 0) {
    const next: State[] = [];
    for (const state of frontier) {
      if (state.v === a) {
        if (!accepts(spec, state.specials, state.variant)) continue;
        const vertices: number[] = [];
        const rels: number[] = [];
        for (let s: State | undefined = state; s !== undefined; s = s.parent) vertices.unshift(s.v), rels.unshift(s.rel);
        // vertices = [b, ..., a]; rels[0] is the anchor a → b, rels[i] leads into vertices[i].
        return { vertices: [a, ...vertices.slice(0, -1)], rels };
      }
      for (const [w, labels] of graph.out(state.v)) {
        if (!inSub.has(w)) continue;
        if (--budget.steps < 0) return 'timeout';
        // Cycles must be simple: a walk through a vertex twice is several smaller cycles.
        if (w !== a && onPath(state, w)) continue;
        for (const rel of relBits(labels & spec.allowed)) {
          const specials = Math.min(2, state.specials + ((rel & spec.special) !== 0 ? 1 : 0));
          if (spec.count === 'one' && specials > 1) continue;
          const variant = state.variant || (rel & spec.variant) !== 0;
          const k = key(w, specials, variant);
          if (visited.has(k)) continue;
          visited.add(k);
          next.push({ v: w, specials, variant, parent: state, rel });
        }
      }
    }
    frontier = next;
  }
  return undefined;
}

function onPath(state: { v: number; parent?: { v: number; parent?: unknown } }, v: number): boolean {
  for (let s: { v: number; parent?: unknown } | undefined = state; s !== undefined; s = s.parent as typeof s) if (s.v === v) return true;
  return false;
}

function cycleExists(graph: DepGraph, members: ReadonlySet<number>, reportable: ReadonlySet<string>): CycleExistsCase[] {
  const cases: CycleExistsCase[] = [];
  const redundant = new Set<string>();
  for (const { model, mask } of EXISTS) {
    if (redundant.has(model)) continue;
    const sccs = graph.components(mask, members).sort((x, y) => x.length - y.length);
    if (sccs.length === 0) continue;
    for (const m of impossibleFromModels([model])) redundant.add(m);
    const type = `${model}-cycle-exists`;
    if (!reportable.has(type)) continue;
    const names = relNames(mask);
    cases.push({ type, not: friendlyModel(model), subgraph: names.length === 1 ? names[0] : ['union', ...names], 'scc-size': sccs[0].length, scc: sccs[0].sort((x, y) => x - y) });
  }
  return cases;
}

/**
 * Searches every SCC for the cycle types in `wanted` (names from CYCLE_SPECS and their
 * G-nonadjacent twins) and the reportable cycle-exists fallbacks. Returns anomaly type → cases.
 */
export function findCycleAnomalies(
  evidence: Pick<Evidence, 'graph' | 'txns'>,
  wanted: ReadonlySet<string>,
  reportable: ReadonlySet<string>,
  stepsPerScc: number,
  // How each edge of a found cycle is explained: rw-register's by default; list-append has its own.
  explain: (a: Op, b: Op, rel: number) => Step = (a, b, rel) => explainStep(evidence as Evidence, a, b, rel),
): Map<string, CycleAnomaly[]> {
  const specs = CYCLE_SPECS.filter((s) => specTypes(s).some((t) => wanted.has(t)));
  let mask = 0;
  for (const s of specs) mask |= s.allowed;
  for (const e of EXISTS) if (reportable.has(`${e.model}-cycle-exists`)) mask |= e.mask;
  const out = new Map<string, CycleAnomaly[]>();
  const add = (c: CycleAnomaly) => {
    const list = out.get(c.type);
    if (list === undefined) out.set(c.type, [c]);
    else list.push(c);
  };
  const sccs = evidence.graph.components(mask).sort((x, y) => Math.min(...x) - Math.min(...y));
  for (const scc of sccs) {
    const members = new Set(scc);
    const budget: Budget = { steps: stepsPerScc };
    const found: CycleCase[] = [];
    const skip = new Set<string>();
    for (const spec of specs) {
      if (skip.has(spec.name)) continue;
      const result = findCycle(evidence.graph, members, spec, budget);
      if (result === 'timeout') {
        add({ type: 'cycle-search-timeout', 'anomaly-spec-type': spec.name, 'scc-size': scc.length });
        break;
      }
      if (result === undefined) continue;
      const type = classify(result.rels);
      const cycle = [...result.vertices, result.vertices[0]].map((v) => evidence.txns.get(v)!.op);
      const steps = result.rels.map((rel, i) => explain(cycle[i], cycle[i + 1], rel));
      found.push({ type, cycle, steps });
      for (const implied of impliedAnomalies([type])) skip.add(implied);
    }
    // A specific cycle that already rules a model out makes that model's cycle-exists redundant.
    const ruledOut = impossibleModels(found.map((c) => c.type));
    for (const c of cycleExists(evidence.graph, members, reportable)) {
      if (!ruledOut.has(c.type.replace(/-cycle-exists$/, ''))) add(c);
    }
    for (const c of found) add(c);
  }
  return out;
}
