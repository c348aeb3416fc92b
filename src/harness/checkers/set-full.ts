/**
 * Jepsen's set-full checker, as the broadcast workload uses it (SPEC §2.3, `J:checker.clj`
 * set-full, linearizable? false). Every element's add and every ok read are folded into three
 * markers per element — known, last-present, last-absent — from which it is stable, lost or
 * never-read, and how long it took to become stable.
 */
import { NEMESIS, type Op } from '../history.js';
import { keywordValue, type Keyword } from '../edn.js';
import { quantiles } from '../quantiles.js';
import { clojureCompare, valueKey } from './unique-ids.js';
import { failedCheck } from './compose.js';
import { ednList } from '../edn.js';

/** How many of the stalest elements are described in 'worst-stale'. */
const WORST_STALE_LISTED = 8;

const NANOS_PER_MS = 1_000_000;

/** Options: which f adds an element (broadcast's ops are renamed to add before checking). */
export interface SetFullOptions {
  addF: string;
}

/** One element's verdict, as 'worst-stale' lists it. */
export interface SetFullElementResult extends Record<string, unknown> {
  element: unknown;
  outcome: Keyword;
  'stable-latency': number | null;
  'lost-latency': number | null;
  /** The op that first showed the element existed: its ok add, or the first ok read that saw it. */
  known: Op | null;
  /** The invocation of the latest (by index) ok read that missed it. */
  'last-absent': Op | null;
}

interface ElementState {
  element: unknown;
  key: string;
  known?: Op;
  lastPresent?: Op;
  lastAbsent?: Op;
}

/**
 * Runs set-full over the client ops of `history`. Reads are ops with f 'read'; an ok read's value is
 * the list of elements it saw (null counts as empty). Returns the map Maelstrom prints as :workload.
 */
export function checkSetFull(history: Op[], options: SetFullOptions): Record<string, unknown> {
  try {
    return setFull(history, options);
  } catch (error) {
    return failedCheck(error);
  }
}

/** Every element's verdict, in element order: what set-full summarises (and the report plots). */
export function setFullElements(history: readonly Op[], { addF }: SetFullOptions): SetFullElementResult[] {
  const elements = new Map<string, ElementState>();
  const openInvocation = new Map<Op['process'], Op>();
  for (const op of history) {
    if (op.process === NEMESIS) continue;
    if (op.type === 'invoke') openInvocation.set(op.process, op);
    if (op.f === addF) {
      const key = valueKey(op.value ?? null);
      // Re-adding a value starts its tracking over, as Jepsen's assoc does.
      if (op.type === 'invoke') elements.set(key, { element: op.value ?? null, key });
      else if (op.type === 'ok') {
        const state = elements.get(key);
        // Maelstrom renames its adds to :add before set-full runs, so reported ops say f add.
        if (state && !state.known) state.known = op.f === 'add' ? op : { ...op, f: 'add' };
      }
    } else if (op.f === 'read' && op.type === 'ok') {
      const invocation = openInvocation.get(op.process) ?? op;
      const seen = new Set<string>(Array.isArray(op.value) ? op.value.map((v) => valueKey(v ?? null)) : []);
      for (const state of elements.values()) {
        if (seen.has(state.key)) {
          state.known ??= op;
          if (!state.lastPresent || state.lastPresent.index < invocation.index) state.lastPresent = invocation;
        } else if (!state.lastAbsent || state.lastAbsent.index < invocation.index) {
          state.lastAbsent = invocation;
        }
      }
    }
  }

  return [...elements.values()].sort((x, y) => clojureCompare(x.element, y.element)).map(elementResult);
}

function setFull(history: Op[], options: SetFullOptions): Record<string, unknown> {
  const results = setFullElements(history, options);
  const byOutcome = (name: string) => results.filter((r) => r.outcome.name === name);
  const stable = byOutcome('stable');
  const lost = byOutcome('lost');
  const neverRead = byOutcome('never-read');
  const stale = stable.filter((r) => (r['stable-latency'] ?? 0) > 0);
  // Jepsen: sort-by latency (stable), then reverse — ties list the larger element first.
  const worstStale = [...stale]
    .sort((x, y) => (x['stable-latency'] ?? 0) - (y['stable-latency'] ?? 0))
    .reverse()
    .slice(0, WORST_STALE_LISTED);
  const sortedElements = (rs: SetFullElementResult[]) => rs.map((r) => r.element).sort(clojureCompare);
  const stableLatencies = quantiles(results.flatMap((r) => (r['stable-latency'] === null ? [] : [r['stable-latency']])));
  const lostLatencies = quantiles(results.flatMap((r) => (r['lost-latency'] === null ? [] : [r['lost-latency']])));

  const result: Record<string, unknown> = {
    'valid?': lost.length > 0 ? false : stable.length === 0 ? 'unknown' : true,
    'attempt-count': results.length,
    'stable-count': stable.length,
    'lost-count': lost.length,
    lost: ednList(sortedElements(lost)),
    'never-read-count': neverRead.length,
    'never-read': ednList(sortedElements(neverRead)),
    'stale-count': stale.length,
    stale: ednList(sortedElements(stale)),
    'worst-stale': ednList(worstStale),
  };
  if (stableLatencies) result['stable-latencies'] = stableLatencies;
  if (lostLatencies) result['lost-latencies'] = lostLatencies;
  // Jepsen's duplicate detector tests `count < 1`, which never holds: these are always 0 and {}.
  result['duplicated-count'] = 0;
  result.duplicated = {};
  return result;
}

/** Classifies one element from its markers (Jepsen's set-full-element-results). */
function elementResult(state: ElementState): SetFullElementResult {
  const { known, lastPresent, lastAbsent } = state;
  const stable = lastPresent !== undefined && (lastAbsent?.index ?? -1) < lastPresent.index;
  // A read that missed the element while its add was still in flight may have run before the add,
  // so only an absence after the element was known counts as loss.
  const lost =
    known !== undefined &&
    lastAbsent !== undefined &&
    (lastPresent?.index ?? -1) < lastAbsent.index &&
    known.index < lastAbsent.index;
  const knownTime = known?.time ?? 0;
  const stableTime = lastAbsent ? lastAbsent.time + 1 : 0;
  const lostTime = lastPresent ? lastPresent.time + 1 : 0;
  return {
    element: state.element,
    outcome: keywordValue(stable ? 'stable' : lost ? 'lost' : 'never-read'),
    'stable-latency': stable ? nanosToWholeMs(Math.max(0, stableTime - knownTime)) : null,
    'lost-latency': lost ? nanosToWholeMs(Math.max(0, lostTime - knownTime)) : null,
    known: known ?? null,
    'last-absent': lastAbsent ?? null,
  };
}

/** Jepsen's `(long (nanos->ms x))`: truncation toward zero. */
function nanosToWholeMs(nanos: number): number {
  return Math.trunc(nanos / NANOS_PER_MS);
}
