/**
 * The rw-register checker: Elle's `rw-register/check` with writes-follow-reads version inference,
 * wrapped as Maelstrom wraps it (SPEC §2.8): cycle-search-timeout is dropped, and the result is
 * valid iff no reportable anomaly remains — so an empty dependency graph is invalid.
 */
import { clientOps, type Op } from '../history.js';
import { abortedReads, intermediateReads, internalCases, lostUpdates } from './anomalies.js';
import { CYCLE_SPECS, findCycleAnomalies, specTypes } from './cycles.js';
import { gatherEvidence } from './evidence.js';
import { boundary, impossibleModels, prohibitedAnomalies } from './models.js';
import { parseCompletions, parseMops } from './txn.js';

/** Checker options. */
export interface RwRegisterOptions {
  /** Models the history must satisfy (friendly names). Default `['strict-serializable']`. */
  consistencyModels?: readonly string[];
  /**
   * Edge visits allowed per SCC before the search gives up with cycle-search-timeout (Elle uses a
   * 1 s timer; a step count keeps results independent of machine load). Default 2,000,000.
   */
  maxSearchSteps?: number;
}

/** The checker's result, with Elle's key names. */
export interface RwRegisterResult {
  'valid?': boolean;
  'anomaly-types': string[];
  /** anomaly type → cases; null when there are none. */
  anomalies: Record<string, unknown> | null;
  not?: string[];
  'also-not'?: string[];
}

/** Anomalies that make Elle's verdict unknown rather than false; always reportable. */
const UNKNOWN_ANOMALIES = ['empty-transaction-graph', 'cycle-search-timeout'];

/** Anomaly types a model set cares about: prohibited ones plus the two "unknown" ones. */
export function reportableAnomalies(models: readonly string[]): Set<string> {
  return new Set([...prohibitedAnomalies(models), ...UNKNOWN_ANOMALIES]);
}

/** Drops cycle-exists fallbacks for models that the other anomalies already rule out. */
function removeRedundantCycleExists(anomalies: Map<string, unknown>): void {
  const others = [...anomalies.keys()].filter((t) => !t.endsWith('-cycle-exists'));
  const ruledOut = impossibleModels(others);
  for (const t of [...anomalies.keys()]) {
    if (t.endsWith('-cycle-exists') && ruledOut.has(t.replace(/-cycle-exists$/, ''))) anomalies.delete(t);
  }
}

/** Checks a txn-rw-register history against consistency models (SPEC §2.8). */
export function checkRwRegister(history: readonly Op[], options: RwRegisterOptions = {}): RwRegisterResult {
  const models = options.consistencyModels ?? ['strict-serializable'];
  const reportable = reportableAnomalies(models);
  const ops = clientOps(history);

  const { txns: completions, completionOf } = parseCompletions(ops, parseMops);
  completions.sort((x, y) => x.op.index - y.op.index);

  // Only search cycle types that could be reported: the rest would be filtered out anyway.
  const wanted = new Set(CYCLE_SPECS.flatMap(specTypes).filter((t) => reportable.has(t)));
  const needs = (suffix: string) => [...wanted].some((t) => t.endsWith(suffix));
  const evidence = gatherEvidence(ops, completions, completionOf, { realtime: needs('-realtime'), process: needs('-process') });

  const anomalies = new Map<string, unknown>();
  if (evidence.cyclicVersions.length > 0) anomalies.set('cyclic-versions', evidence.cyclicVersions);
  if (evidence.graph.edgeCount === 0) anomalies.set('empty-transaction-graph', true);
  for (const [type, cases] of findCycleAnomalies(evidence, wanted, reportable, options.maxSearchSteps ?? 2_000_000)) anomalies.set(type, cases);
  const nonCycle: Array<[string, unknown[]]> = [
    ['internal', internalCases(completions)],
    ['G1a', abortedReads(completions)],
    ['G1b', intermediateReads(completions)],
    ['lost-update', lostUpdates(completions)],
  ];
  for (const [type, cases] of nonCycle) if (cases.length > 0) anomalies.set(type, cases);

  // Elle's result-map: keep reportable types, drop redundant fallbacks; boundary over everything.
  const kept = new Map([...anomalies].filter(([t]) => reportable.has(t)));
  removeRedundantCycleExists(kept);
  // Maelstrom's wrapper: a timed-out search is not an anomaly of the system under test.
  const hadAny = kept.size > 0;
  kept.delete('cycle-search-timeout');
  const types = [...kept.keys()].sort();
  if (!hadAny) return { 'valid?': true, 'anomaly-types': [], anomalies: null };
  const result: RwRegisterResult = {
    'valid?': types.length === 0,
    'anomaly-types': types,
    anomalies: Object.fromEntries([...kept].sort(([a], [b]) => (a < b ? -1 : 1))),
    ...boundary(anomalies.keys()),
  };
  return result;
}
