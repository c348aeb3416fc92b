/**
 * Consistency models and anomalies, as Elle relates them (E:src/elle/consistency_model.clj,
 * transcribed as data): which anomalies imply which, which models imply which, and which
 * anomalies each model directly prohibits. From these we get a model set's prohibited anomalies
 * and the `not`/`also-not` boundary of a set of anomalies.
 */

type Dag = Readonly<Record<string, readonly string[]>>;

/** anomaly → anomalies it implies (a G0 cycle is also G1c, and so on). */
const IMPLIED_ANOMALIES: Dag = {
  G0: ['G1c', 'G0-process'],
  'G0-process': ['G1c-process', 'G0-realtime'],
  'G0-realtime': ['G1c-realtime'],
  G1a: ['G1'],
  G1b: ['G1'],
  G1c: ['G1', 'G1c-process'],
  'G1c-process': ['G1c-realtime', 'G1-process'],
  'G1c-realtime': ['G1-realtime'],
  G1: ['G1-process'],
  'G1-process': ['G1-realtime'],
  'G-single-item': ['G-single', 'G-single-item-process', 'G-nonadjacent-item'],
  'G-single-item-process': ['G-single-process', 'G-single-item-realtime', 'G-nonadjacent-item-process'],
  'G-single-item-realtime': ['G-single-realtime', 'G-nonadjacent-item-realtime'],
  'G-single': ['G-nonadjacent', 'GSIb', 'G-single-process'],
  'G-single-process': ['G-nonadjacent-process', 'G-single-realtime'],
  'G-single-realtime': ['G-nonadjacent-realtime'],
  'G-nonadjacent-item': ['G-nonadjacent', 'G2-item', 'G-nonadjacent-item-process'],
  'G-nonadjacent-item-process': ['G-nonadjacent-process', 'G2-item-process', 'G-nonadjacent-item-realtime'],
  'G-nonadjacent-item-realtime': ['G2-item-realtime', 'G-nonadjacent-realtime'],
  'G-nonadjacent': ['G2', 'G-nonadjacent-process'],
  'G-nonadjacent-process': ['G2-process', 'G-nonadjacent-realtime'],
  'G-nonadjacent-realtime': ['G2-realtime'],
  G2: ['G2-process'],
  'G2-item': ['G2', 'G2-item-process'],
  'G2-item-process': ['G2-process', 'G2-item-realtime'],
  'G2-item-realtime': ['G2-realtime'],
  'G2-process': ['G2-realtime'],
  GSIa: ['GSI'],
  GSIb: ['GSI'],
  'incompatible-order': ['G1a'],
  'future-read': ['G1c'],
  'dirty-update': ['G1a'],
  'lost-update': ['write-skew', 'G2-item'],
  'write-skew': ['G2'],
};

/** Friendly model names → Elle's canonical names. */
const CANONICAL: Readonly<Record<string, string>> = {
  'consistent-view': 'PL-2+',
  'conflict-serializable': 'PL-3',
  'cursor-stability': 'PL-CS',
  'forward-consistent-view': 'PL-FCV',
  'monotonic-snapshot-read': 'PL-MSR',
  'monotonic-view': 'PL-2L',
  'read-committed': 'PL-2',
  'read-uncommitted': 'PL-1',
  'repeatable-read': 'PL-2.99',
  serializable: 'PL-3',
  'snapshot-isolation': 'PL-SI',
  'strict-serializable': 'PL-SS',
  'strong-serializable': 'PL-SS',
  'update-serializable': 'PL-3U',
  'strong-session-read-uncommitted': 'strong-session-PL-1',
  'strong-session-read-committed': 'strong-session-PL-2',
  'strong-read-uncommitted': 'strong-PL-1',
  'strong-read-committed': 'strong-PL-2',
};

/** Canonical names → the friendly names results print (PL-3 prints as serializable). */
const FRIENDLY: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(CANONICAL)
    .filter(([friendly]) => friendly !== 'conflict-serializable' && friendly !== 'strong-serializable')
    .map(([friendly, canonical]) => [canonical, friendly]),
);

/** model → weaker models it implies (friendly names; canonicalised on load). */
const MODEL_IMPLIES_RAW: Dag = {
  'causal-cerone': ['read-atomic'],
  'consistent-view': ['cursor-stability', 'monotonic-view'],
  'conflict-serializable': ['view-serializable'],
  'cursor-stability': ['read-committed', 'PL-2'],
  'forward-consistent-view': ['consistent-view'],
  'PL-2': ['PL-1'],
  'PL-3': ['repeatable-read', 'update-serializable'],
  'update-serializable': ['forward-consistent-view'],
  'monotonic-atomic-view': ['read-committed'],
  'monotonic-view': ['PL-2'],
  'monotonic-snapshot-read': ['PL-2'],
  'parallel-snapshot-isolation': ['causal-cerone', 'ROLA'],
  prefix: ['causal-cerone'],
  'read-atomic': ['monotonic-atomic-view'],
  'read-committed': ['read-uncommitted'],
  'repeatable-read': ['cursor-stability', 'monotonic-atomic-view'],
  ROLA: ['read-atomic'],
  serializable: ['repeatable-read', 'snapshot-isolation', 'view-serializable'],
  'session-serializable': ['1SR'],
  'snapshot-isolation': ['forward-consistent-view', 'monotonic-atomic-view', 'monotonic-snapshot-read', 'parallel-snapshot-isolation', 'prefix'],
  'strict-serializable': ['PL-3', 'serializable', 'linearizable', 'snapshot-isolation', 'strong-snapshot-isolation', 'strong-session-serializable'],
  'strong-session-PL-1': ['PL-1'],
  'strong-session-PL-2': ['PL-2', 'strong-session-PL-1'],
  'strong-PL-1': ['strong-session-PL-1'],
  'strong-PL-2': ['strong-session-PL-2', 'strong-PL-1'],
  'strong-session-serializable': ['serializable', 'strong-session-snapshot-isolation'],
  'strong-session-snapshot-isolation': ['snapshot-isolation', 'strong-session-PL-2'],
  'strong-serializable': ['session-serializable'],
  'strong-snapshot-isolation': ['strong-session-snapshot-isolation', 'strong-PL-2'],
  linearizable: ['sequential'],
  sequential: ['causal'],
  causal: ['writes-follow-reads', 'PRAM'],
  PRAM: ['monotonic-reads', 'monotonic-writes', 'read-your-writes'],
};

/** canonical model → anomalies it directly prohibits (weaker models add theirs). */
const PROHIBITS_RAW: ReadonlyArray<[string, readonly string[]]> = [
  ['causal-cerone', ['internal', 'G1a']],
  ['cursor-stability', ['G1', 'G-cursor', 'lost-update']],
  ['monotonic-view', ['G1', 'G-monotonic']],
  ['monotonic-snapshot-read', ['G1', 'G-MSR']],
  ['consistent-view', ['G1', 'G-single']],
  ['forward-consistent-view', ['G1', 'G-SIb']],
  ['parallel-snapshot-isolation', ['internal', 'G1a']],
  ['PL-3', ['G1', 'G2', 'predicate-read-miss', 'PL-3-cycle-exists']],
  ['PL-2', ['G1', 'PL-2-cycle-exists']],
  ['PL-1', ['G0', 'duplicate-elements', 'cyclic-versions', 'PL-1-cycle-exists']],
  ['prefix', ['internal', 'G1a']],
  ['serializable', ['internal']],
  ['snapshot-isolation', ['internal', 'G1', 'G-SI', 'G-nonadjacent', 'PL-SI-cycle-exists']],
  ['read-atomic', ['internal', 'G1a', 'future-read']],
  ['repeatable-read', ['G1', 'G2-item', 'PL-2.99-cycle-exists', 'lost-update']],
  ['ROLA', ['lost-update']],
  ['strict-serializable', ['G1', 'G1c-realtime', 'G2-realtime', 'PL-SS-cycle-exists']],
  ['strong-session-PL-1', ['strong-session-PL-1-cycle-exists', 'G0-process']],
  ['strong-session-PL-2', ['strong-session-PL-2-cycle-exists', 'G1c-process']],
  ['strong-PL-1', ['strong-PL-1-cycle-exists', 'G0-realtime']],
  ['strong-PL-2', ['strong-PL-2-cycle-exists', 'G1c-realtime']],
  ['strong-session-snapshot-isolation', ['internal', 'G1-process', 'G-nonadjacent-process', 'strong-session-snapshot-isolation-cycle-exists']],
  ['strong-snapshot-isolation', ['internal', 'G1-realtime', 'G-nonadjacent-realtime', 'strong-snapshot-isolation-cycle-exists']],
  ['strong-session-serializable', ['G1-process', 'G2-process', 'strong-session-serializable-cycle-exists']],
  ['update-serializable', ['G1', 'G-update']],
];

/** The canonical name of a model (unknown names pass through). */
export function canonicalModel(model: string): string {
  return CANONICAL[model] ?? model;
}

/** The friendly name of a model. */
export function friendlyModel(model: string): string {
  return FRIENDLY[model] ?? model;
}

function addEdges(target: Map<string, Set<string>>, from: string, tos: readonly string[]): void {
  let set = target.get(from);
  if (set === undefined) target.set(from, (set = new Set()));
  for (const to of tos) set.add(to);
}

function reverse(graph: Map<string, Set<string>>): Map<string, Set<string>> {
  const rev = new Map<string, Set<string>>();
  for (const [from, tos] of graph) for (const to of tos) addEdges(rev, to, [from]);
  return rev;
}

function closure(graph: Map<string, Set<string>>, start: Iterable<string>): Set<string> {
  const seen = new Set<string>(start);
  const queue = [...seen];
  while (queue.length > 0) for (const next of graph.get(queue.pop()!) ?? []) if (!seen.has(next)) seen.add(next), queue.push(next);
  return seen;
}

const anomalyOut = new Map<string, Set<string>>();
for (const [a, bs] of Object.entries(IMPLIED_ANOMALIES)) addEdges(anomalyOut, a, bs);
const anomalyIn = reverse(anomalyOut);
const modelOut = new Map<string, Set<string>>();
for (const [m, ws] of Object.entries(MODEL_IMPLIES_RAW)) addEdges(modelOut, canonicalModel(m), ws.map(canonicalModel));
const modelIn = reverse(modelOut);
const prohibitsOut = new Map<string, Set<string>>();
for (const [m, as] of PROHIBITS_RAW) addEdges(prohibitsOut, canonicalModel(m), as);
const prohibitsIn = reverse(prohibitsOut);
const KNOWN_MODELS = new Set<string>([...modelOut.keys(), ...modelIn.keys(), ...Object.keys(CANONICAL), ...Object.values(CANONICAL)]);

/** Throws (like Elle, at check time) on a model name it does not know. */
export function validateModels(models: readonly string[]): void {
  const unknown = models.filter((m) => !KNOWN_MODELS.has(m) && !KNOWN_MODELS.has(canonicalModel(m)));
  if (unknown.length > 0) throw new Error(`Unknown consistency model ${JSON.stringify(unknown)}`);
}

/** Anomalies implied by any of these (including themselves). */
export function impliedAnomalies(anomalies: Iterable<string>): Set<string> {
  return closure(anomalyOut, anomalies);
}

/** Anomalies that would imply any of these (including themselves). */
export function anomaliesImplying(anomalies: Iterable<string>): Set<string> {
  return closure(anomalyIn, anomalies);
}

/** Every anomaly that must be absent for all these models to hold. */
export function prohibitedAnomalies(models: readonly string[]): Set<string> {
  validateModels(models);
  const all = closure(modelOut, models.map(canonicalModel));
  const direct: string[] = [];
  for (const m of all) direct.push(...(prohibitsOut.get(m) ?? []));
  return anomaliesImplying(direct);
}

/** Models (canonical) that are impossible once these (canonical) models are impossible. */
export function impossibleFromModels(models: Iterable<string>): Set<string> {
  return closure(modelIn, [...models].map(canonicalModel));
}

/** Models (canonical) that cannot hold given these anomalies. */
export function impossibleModels(anomalies: Iterable<string>): Set<string> {
  const direct: string[] = [];
  for (const a of impliedAnomalies(anomalies)) direct.push(...(prohibitsIn.get(a) ?? []));
  return impossibleFromModels(direct);
}

/** Elle's boundary: `not` = the weakest impossible models, `also-not` = the rest; friendly names, sorted. */
export function boundary(anomalies: Iterable<string>): { not: string[]; 'also-not': string[] } {
  const impossible = impossibleModels(anomalies);
  // A model is weakest when no other impossible model is implied by it.
  const weakest = [...impossible].filter((m) => ![...closure(modelOut, [m])].some((w) => w !== m && impossible.has(w)));
  const weakestSet = new Set(weakest);
  const sortFriendly = (ms: Iterable<string>) => [...new Set([...ms].map(friendlyModel))].sort();
  return { not: sortFriendly(weakest), 'also-not': sortFriendly([...impossible].filter((m) => !weakestSet.has(m))) };
}
