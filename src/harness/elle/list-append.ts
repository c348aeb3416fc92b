/**
 * Elle's list-append checker (SPEC §2.9, `E:src/elle/list_append.clj`), for txn-list-append: txns
 * of `["r", k, list]` and `["append", k, v]`, appended values unique per key. Reads reveal the
 * order of appends directly: the longest read of a key is its version order, and every other read
 * must be a prefix of it (else incompatible-order). From that order:
 * - wr: the appender of a read's last element precedes the reader;
 * - ww: the appender of each element precedes the appender of the next;
 * - rw: a reader precedes the appender of the element after the last one it saw.
 * Non-cycle anomalies: future-read (a read shows an element its own txn appends later), G1a (a
 * read shows an element of a failed txn), dirty-update (a committed
 * append straight after a failed txn's in a key's version order), G1b (a read ends on an
 * element its appender followed with another append to the key), internal (a txn's read disagrees
 * with its own earlier read and appends), duplicate-elements, incompatible-order. Cycles are found
 * and classified as for rw-register (cycles.ts), with realtime or process edges when the models ask.
 */
import { clientOps, type Op } from '../history.js';
import { CYCLE_SPECS, findCycleAnomalies, specTypes } from './cycles.js';
import { addProcessEdges, addRealtimeEdges } from './evidence.js';
import type { Step } from './explain.js';
import { DepGraph, Rel } from './graph.js';
import { boundary, impossibleModels } from './models.js';
import { reportableAnomalies, type RwRegisterOptions, type RwRegisterResult } from './check.js';
import { parseCompletions } from './txn.js';

/** One micro-op: a read (value: the list seen, null for a missing key) or an append. */
export type AppendMop = { f: 'r'; key: unknown; value: unknown[] | null } | { f: 'append'; key: unknown; value: unknown };

interface Txn {
  op: Op;
  mops: AppendMop[];
}

/** Keys and elements compare by value (JSON), as Clojure's do. */
const id = (x: unknown): string => JSON.stringify(x ?? null);

/** Parses a txn value; undefined when it is not a list-append txn. */
export function parseAppendMops(value: unknown): AppendMop[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const mops: AppendMop[] = [];
  for (const m of value) {
    if (!Array.isArray(m) || m.length !== 3) return undefined;
    const f = m[0] === 'r' || m[0] === ':r' ? 'r' : m[0] === 'append' || m[0] === ':append' ? 'append' : undefined;
    if (f === 'r') mops.push({ f, key: m[1], value: Array.isArray(m[2]) ? m[2] : null });
    else if (f === 'append') mops.push({ f, key: m[1], value: m[2] });
    else return undefined;
  }
  return mops;
}

/** The external reads of a txn: the first touch of each key, when it is a read. */
function externalReads(mops: readonly AppendMop[]): Map<string, { key: unknown; value: unknown[] | null; index: number }> {
  const out = new Map<string, { key: unknown; value: unknown[] | null; index: number }>();
  const touched = new Set<string>();
  mops.forEach((m, index) => {
    const k = id(m.key);
    if (touched.has(k)) return;
    touched.add(k);
    if (m.f === 'r') out.set(k, { key: m.key, value: m.value, index });
  });
  return out;
}

/** Checks a txn-list-append history against consistency models; the result is Elle's map. */
export function checkListAppend(history: readonly Op[], options: RwRegisterOptions = {}): RwRegisterResult {
  const models = options.consistencyModels ?? ['strict-serializable'];
  const reportable = reportableAnomalies(models);
  const ops = clientOps(history);
  // Failed and info txns keep the invoked value; their appends matter (G1a, possible writes).
  const { txns, completionOf } = parseCompletions(ops, parseAppendMops);
  const oks = txns.filter((t) => t.op.type === 'ok');
  const anomalies = new Map<string, unknown[]>();
  const add = (type: string, c: unknown) => (anomalies.get(type) ?? anomalies.set(type, []).get(type)!).push(c);

  // Who appended what: key → element → txn (any outcome).
  const appender = new Map<string, Map<string, Txn>>();
  for (const t of txns) for (const m of t.mops) if (m.f === 'append') (appender.get(id(m.key)) ?? appender.set(id(m.key), new Map()).get(id(m.key))!).set(id(m.value), t);

  // Version order per key: the longest ok read; every read must be a prefix of it.
  const longest = new Map<string, unknown[]>();
  for (const t of oks) {
    for (const m of t.mops) {
      if (m.f !== 'r' || m.value === null) continue;
      const seen = new Set<string>();
      const dup = m.value.find((x) => (seen.has(id(x)) ? true : (seen.add(id(x)), false)));
      if (dup !== undefined) add('duplicate-elements', { op: t.op, mop: ['r', m.key, m.value], duplicates: { [id(dup)]: m.value.filter((x) => id(x) === id(dup)).length } });
      const k = id(m.key);
      const current = longest.get(k) ?? [];
      if (m.value.length > current.length) longest.set(k, m.value);
    }
  }
  const incompatible = new Set<string>();
  for (const t of oks) {
    for (const m of t.mops) {
      if (m.f !== 'r' || m.value === null) continue;
      const order = longest.get(id(m.key)) ?? [];
      if (m.value.some((x, i) => id(x) !== id(order[i])) && !incompatible.has(id(m.key))) {
        incompatible.add(id(m.key));
        add('incompatible-order', { key: m.key, values: [m.value, order] });
      }
    }
  }

  for (const [k, order] of longest) if (!incompatible.has(k)) for (const c of dirtyUpdates(order, appender.get(k))) add('dirty-update', { key: JSON.parse(k) as unknown, ...c });

  for (const t of oks) {
    // internal: a read of a key the txn already read must equal that read plus its appends since;
    // a read after appends alone must at least end with them.
    const known = new Map<string, { prefix?: unknown[]; appended: unknown[] }>();
    for (const m of t.mops) {
      const k = id(m.key);
      const state = known.get(k) ?? { appended: [] };
      known.set(k, state);
      if (m.f === 'append') {
        state.appended.push(m.value);
        continue;
      }
      const got = m.value ?? [];
      const want = state.prefix === undefined ? undefined : [...state.prefix, ...state.appended];
      const tail = got.slice(Math.max(0, got.length - state.appended.length));
      if ((want !== undefined && id(want) !== id(got)) || (want === undefined && id(tail) !== id(state.appended))) {
        add('internal', { op: t.op, mop: ['r', m.key, m.value], expected: want ?? ['...', ...state.appended] });
      }
      state.prefix = got;
      state.appended = [];
    }
    // future-read: a read shows an element this same txn only appends later.
    t.mops.forEach((m, i) => {
      if (m.f !== 'r') return;
      const later = new Set(t.mops.slice(i + 1).filter((a) => a.f === 'append' && id(a.key) === id(m.key)).map((a) => id(a.value)));
      const x = (m.value ?? []).find((e) => later.has(id(e)));
      if (x !== undefined) add('future-read', { op: t.op, mop: ['r', m.key, m.value], element: x });
    });
    // G1a and G1b: what the read's elements say about their appenders.
    for (const [k, read] of externalReads(t.mops)) {
      for (const x of read.value ?? []) {
        const w = appender.get(k)?.get(id(x));
        if (w && w.op.type === 'fail') add('G1a', { op: t.op, mop: ['r', read.key, read.value], writer: w.op, element: x });
      }
      const last = read.value?.at(-1);
      const w = last === undefined ? undefined : appender.get(k)?.get(id(last));
      if (w && w !== t) {
        const own = w.mops.filter((m) => m.f === 'append' && id(m.key) === k);
        if (id(own.at(-1)?.value) !== id(last)) add('G1b', { op: t.op, mop: ['r', read.key, read.value], writer: w.op, element: last });
      }
    }
  }

  // The dependency graph over ok txns.
  const graph = new DepGraph();
  const isOk = (t: Txn | undefined): t is Txn => t !== undefined && t.op.type === 'ok';
  const steps = new Map<string, Step>();
  const edge = (a: Txn, b: Txn, rel: number, step: Step) => {
    if (a === b) return;
    graph.link(a.op.index, b.op.index, rel);
    steps.set(`${a.op.index}:${b.op.index}:${rel}`, step);
  };
  for (const [k, order] of longest) {
    if (incompatible.has(k)) continue; // no trustworthy order for this key
    const who = appender.get(k);
    const key = JSON.parse(k) as unknown;
    for (let i = 0; i + 1 < order.length; i++) {
      const a = who?.get(id(order[i]));
      const b = who?.get(id(order[i + 1]));
      if (isOk(a) && isOk(b)) edge(a, b, Rel.ww, { type: 'ww', key, value: order[i], "value'": order[i + 1], 'a-mop-index': -1, 'b-mop-index': -1 });
    }
  }
  for (const t of oks) {
    for (const [k, read] of externalReads(t.mops)) {
      if (incompatible.has(k)) continue;
      const seen = read.value ?? [];
      const order = longest.get(k) ?? [];
      const last = seen.at(-1);
      const w = last === undefined ? undefined : appender.get(k)?.get(id(last));
      if (isOk(w)) edge(w, t, Rel.wr, { type: 'wr', key: read.key, value: last, 'a-mop-index': -1, 'b-mop-index': read.index });
      const next = order[seen.length];
      const nw = next === undefined ? undefined : appender.get(k)?.get(id(next));
      if (isOk(nw)) edge(t, nw, Rel.rw, { type: 'rw', key: read.key, value: last ?? null, "value'": next, 'a-mop-index': read.index, 'b-mop-index': -1 });
    }
  }
  const wanted = new Set(CYCLE_SPECS.flatMap(specTypes).filter((t) => reportable.has(t)));
  const needs = (suffix: string) => [...wanted].some((t) => t.endsWith(suffix));
  const byIndex = new Map(ops.map((o) => [o.index, o]));
  const invocations = new Map<number, Op>();
  for (const [inv, completion] of completionOf) invocations.set(completion.index, byIndex.get(inv)!);
  // Only ok txns are vertices here (info ones may never have happened): realtime edges end at them.
  if (needs('-realtime')) addRealtimeEdges(graph, ops, new Map([...completionOf].filter(([, c]) => c.type === 'ok')));
  else if (needs('-process')) addProcessEdges(graph, oks);
  if (graph.edgeCount === 0 && oks.length > 0) anomalies.set('empty-transaction-graph', [true]);
  // Data edges carry the step they were made with; order edges are explained from the ops.
  const explain = (a: Op, b: Op, rel: number): Step =>
    steps.get(`${a.index}:${b.index}:${rel}`) ?? (rel === Rel.realtime ? { type: 'realtime', "a'": a, b: invocations.get(b.index) } : { type: 'process', process: a.process });
  const cycles = findCycleAnomalies({ graph, txns: new Map(oks.map((t) => [t.op.index, { op: t.op, mops: [] }])) }, wanted, reportable, options.maxSearchSteps ?? 2_000_000, explain);
  for (const [type, cases] of cycles) anomalies.set(type, cases);

  const kept = new Map([...anomalies].filter(([t]) => reportable.has(t)));
  for (const t of [...kept.keys()]) {
    if (t.endsWith('-cycle-exists') && impossibleModels([...kept.keys()].filter((x) => !x.endsWith('-cycle-exists'))).has(t.replace(/-cycle-exists$/, ''))) kept.delete(t);
  }
  const hadAny = kept.size > 0;
  kept.delete('cycle-search-timeout');
  if (!hadAny) return { 'valid?': true, 'anomaly-types': [], anomalies: null };
  const types = [...kept.keys()].sort();
  return { 'valid?': types.length === 0, 'anomaly-types': types, anomalies: Object.fromEntries([...kept].sort(([a], [b]) => (a < b ? -1 : 1))), ...boundary(anomalies.keys()) };
}

/**
 * Dirty updates along one key's version order (Elle's dirty-update): a committed append that comes
 * straight after appends of aborted txns, i.e. built on state that was never committed. Info txns
 * may have committed or not, so they neither start nor end a case; a case covers the elements from
 * the last aborted state's start to the committed append.
 */
function dirtyUpdates(order: readonly unknown[], who: Map<string, Txn> | undefined): Array<{ values: unknown[]; txns: Op[] }> {
  const cases: Array<{ values: unknown[]; txns: Op[] }> = [];
  // The initial (empty) state counts as committed.
  let from: { type: string; op?: Op } = { type: 'ok' };
  let values: unknown[] = [];
  for (const v of order) {
    const t = who?.get(id(v));
    if (t === undefined) continue;
    values.push(v);
    const to = t.op.type;
    if (to === 'info' || (to === 'fail' && from.type === 'fail')) continue; // keep the range open
    if (to === 'ok' && from.type === 'fail') cases.push({ values, txns: [from.op!, t.op] });
    from = { type: to, op: t.op };
    values = [v];
  }
  return cases;
}