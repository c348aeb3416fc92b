/**
 * The dependency evidence Elle's rw-register analysis derives from a history (SPEC §2.8):
 * wr edges from external writes to external reads; a per-key version order from the initial
 * nil state and writes-follow-reads (a rule that makes a version cycle is dropped whole and
 * reported as cyclic-versions); ww and rw edges from that order; and, when a model needs them,
 * process and realtime edges.
 */
import type { Op } from '../history.js';
import { DepGraph, Rel, stronglyConnectedComponents } from './graph.js';
import { externalReads, externalWrites, type Key, type Txn, type Value } from './txn.js';

/** key → value → the ok txns that externally read (or wrote) it. */
export type ExtIndex = Map<Key, Map<Value, Txn[]>>;
/** key → value → values directly after it in the inferred version order. */
export type VersionGraphs = Map<Key, Map<Value, Set<Value>>>;

/** A cyclic-versions anomaly: a rule produced a cycle in a key's version order. */
export interface CyclicVersions {
  key: Key;
  scc: Value[];
  sources: string[];
}

/** Everything the cycle search and the explainer need. */
export interface Evidence {
  graph: DepGraph;
  /** Op index → ok txn, for every vertex that can be on a cycle. */
  txns: Map<number, Txn>;
  reads: ExtIndex;
  writes: ExtIndex;
  versions: VersionGraphs;
  cyclicVersions: CyclicVersions[];
  /** Completion index → invocation op, for realtime explanations. */
  invocations: Map<number, Op>;
}

/** Which order edges a model set needs. */
export interface EvidenceOptions {
  realtime: boolean;
  process: boolean;
}

function index(oks: readonly Txn[], ext: (t: Txn) => Map<Key, Value>): ExtIndex {
  const idx: ExtIndex = new Map();
  for (const txn of oks) {
    for (const [k, v] of ext(txn)) {
      let byValue = idx.get(k);
      if (byValue === undefined) idx.set(k, (byValue = new Map()));
      const list = byValue.get(v);
      if (list === undefined) byValue.set(v, [txn]);
      else list.push(txn);
    }
  }
  return idx;
}

function linkVersion(graphs: VersionGraphs, k: Key, from: Value, to: Value): void {
  if (from === to) return;
  let g = graphs.get(k);
  if (g === undefined) graphs.set(k, (g = new Map()));
  let next = g.get(from);
  if (next === undefined) g.set(from, (next = new Set()));
  next.add(to);
}

function mergeVersions(a: VersionGraphs, b: VersionGraphs): VersionGraphs {
  const merged: VersionGraphs = new Map();
  for (const source of [a, b]) {
    for (const [k, g] of source) for (const [from, tos] of g) for (const to of tos) linkVersion(merged, k, from, to);
  }
  return merged;
}

/** nil precedes every value an ok txn read or an ok/info txn wrote. */
function initialStateVersions(completions: readonly Txn[]): VersionGraphs {
  const graphs: VersionGraphs = new Map();
  for (const txn of completions) {
    if (txn.op.type !== 'ok' && txn.op.type !== 'info') continue;
    const kvs = [...externalWrites(txn.mops)];
    if (txn.op.type === 'ok') kvs.push(...externalReads(txn.mops));
    for (const [k, v] of kvs) if (v !== null) linkVersion(graphs, k, null, v);
  }
  return graphs;
}

/** Writes follow reads: an ok txn that externally read v and wrote v′ orders v before v′. */
function writesFollowReadsVersions(oks: readonly Txn[]): VersionGraphs {
  const graphs: VersionGraphs = new Map();
  for (const txn of oks) {
    const writes = externalWrites(txn.mops);
    for (const [k, v] of externalReads(txn.mops)) {
      if (v !== null && writes.has(k)) linkVersion(graphs, k, v, writes.get(k));
    }
  }
  return graphs;
}

function versionCycles(graphs: VersionGraphs): Array<{ key: Key; scc: Value[] }> {
  const found: Array<{ key: Key; scc: Value[] }> = [];
  for (const [key, g] of graphs) {
    for (const scc of stronglyConnectedComponents(g.keys(), (v) => [...(g.get(v) ?? [])])) found.push({ key, scc });
  }
  return found;
}

/**
 * Adds version rules one at a time; a rule whose addition makes any key's order cyclic is
 * discarded entirely, and its cycles are reported (Elle's conservative choice).
 */
function versionOrder(completions: readonly Txn[], oks: readonly Txn[]): { versions: VersionGraphs; cyclic: CyclicVersions[] } {
  const rules: Array<[string, () => VersionGraphs]> = [
    ['initial-state', () => initialStateVersions(completions)],
    ['wfr-keys', () => writesFollowReadsVersions(oks)],
  ];
  let versions: VersionGraphs = new Map();
  const sources: string[] = [];
  const cyclic: CyclicVersions[] = [];
  for (const [name, rule] of rules) {
    const candidate = mergeVersions(versions, rule());
    const cycles = versionCycles(candidate);
    if (cycles.length > 0) {
      for (const c of cycles) cyclic.push({ key: c.key, scc: c.scc, sources: [...sources, name] });
      continue;
    }
    versions = candidate;
    sources.push(name);
  }
  return { versions, cyclic };
}

/** wr: the single ok txn that externally wrote k=v precedes every ok txn that externally read it. */
function addWriteReadEdges(graph: DepGraph, reads: ExtIndex, writes: ExtIndex): void {
  for (const [k, byValue] of reads) {
    for (const [v, readers] of byValue) {
      const writers = writes.get(k)?.get(v) ?? [];
      if (writers.length > 1) {
        throw new Error(`Key ${JSON.stringify(k)} had value ${JSON.stringify(v)} written by more than one op: ${writers.map((w) => w.op.index).join(', ')}`);
      }
      if (writers.length === 1) graph.linkAll([writers[0].op.index], readers.map((r) => r.op.index), Rel.wr);
    }
  }
}

/** ww and rw from each version edge v1 → v2: writers and readers of v1 precede writers of v2. */
function addVersionEdges(graph: DepGraph, versions: VersionGraphs, reads: ExtIndex, writes: ExtIndex): void {
  for (const [k, g] of versions) {
    for (const [v1, nexts] of g) {
      const v1Writers = (writes.get(k)?.get(v1) ?? []).map((t) => t.op.index);
      const v1Readers = (reads.get(k)?.get(v1) ?? []).map((t) => t.op.index);
      for (const v2 of nexts) {
        const v2Writers = (writes.get(k)?.get(v2) ?? []).map((t) => t.op.index);
        graph.linkAll(v1Writers, v2Writers, Rel.ww);
        graph.linkAll(v1Readers, v2Writers, Rel.rw);
      }
    }
  }
}

/** Process order: each process's consecutive ok txns (rw-register's and list-append's). */
export function addProcessEdges(graph: DepGraph, oks: ReadonlyArray<{ op: Op }>): void {
  const last = new Map<unknown, number>();
  for (const txn of oks) {
    const previous = last.get(txn.op.process);
    if (previous !== undefined) graph.link(previous, txn.op.index, Rel.process);
    last.set(txn.op.process, txn.op.index);
  }
}

/**
 * Realtime order, transitively reduced: an ok completion precedes every op invoked after it. We
 * keep a frontier of completions not yet implied by a later one, so each invoke links only to
 * about `concurrency` predecessors instead of to all of them.
 */
export function addRealtimeEdges(graph: DepGraph, history: readonly Op[], completionOf: Map<number, Op>): void {
  let frontier = new Set<number>();
  const preds = new Map<number, number[]>();
  for (const op of history) {
    if (op.type === 'invoke') {
      const completion = completionOf.get(op.index);
      if (completion === undefined) continue;
      for (const f of frontier) graph.link(f, completion.index, Rel.realtime);
      preds.set(completion.index, [...frontier]);
    } else if (op.type === 'ok') {
      const implied = new Set(preds.get(op.index) ?? []);
      frontier = new Set([...frontier].filter((f) => !implied.has(f)));
      frontier.add(op.index);
    }
  }
}

/**
 * Builds all evidence. `history` is client ops in order; `completions` the parsed txn
 * completions; `completionOf` maps an invocation index to its completion.
 */
export function gatherEvidence(history: readonly Op[], completions: readonly Txn[], completionOf: Map<number, Op>, options: EvidenceOptions): Evidence {
  const oks = completions.filter((t) => t.op.type === 'ok');
  const reads = index(oks, (t) => externalReads(t.mops));
  const writes = index(oks, (t) => externalWrites(t.mops));
  const graph = new DepGraph();
  addWriteReadEdges(graph, reads, writes);
  const { versions, cyclic } = versionOrder(completions, oks);
  addVersionEdges(graph, versions, reads, writes);
  if (options.realtime) addRealtimeEdges(graph, history, completionOf);
  else if (options.process) addProcessEdges(graph, oks);
  const byIndex = new Map(history.map((o) => [o.index, o]));
  const invocations = new Map<number, Op>();
  for (const [inv, completion] of completionOf) invocations.set(completion.index, byIndex.get(inv)!);
  return { graph, txns: new Map(oks.map((t) => [t.op.index, t])), reads, writes, versions, cyclicVersions: cyclic, invocations };
}
