/**
 * Why one txn precedes the next on a cycle, as data shaped like Elle's pair explanations, and
 * the plain-text rendering Elle writes to its G1c.txt-style files ("Let: T1 = ... Then: ...").
 */
import type { Op } from '../history.js';
import { Rel } from './graph.js';
import type { Evidence } from './evidence.js';
import { externalReads, externalWrites, mopIndex, type Key, type Value } from './txn.js';

/** One step of a cycle explanation. */
export type Step =
  | { type: 'wr'; key: Key; value: Value; 'a-mop-index': number; 'b-mop-index': number }
  | { type: 'ww' | 'rw'; key: Key; value: Value; "value'": Value; 'a-mop-index': number; 'b-mop-index': number }
  | { type: 'process'; process: Op['process'] }
  | { type: 'realtime'; "a'": Op; b: Op | undefined };

function versionFollows(evidence: Evidence, k: Key, v1: Value, v2: Value): boolean {
  return evidence.versions.get(k)?.get(v1)?.has(v2) ?? false;
}

/** Explains a → b under relationship `rel` (one bit). */
export function explainStep(evidence: Evidence, a: Op, b: Op, rel: number): Step {
  const ta = evidence.txns.get(a.index)!.mops;
  const tb = evidence.txns.get(b.index)!.mops;
  if (rel === Rel.wr) {
    const reads = externalReads(tb);
    for (const [k, v] of externalWrites(ta)) {
      if (reads.has(k) && reads.get(k) === v) return { type: 'wr', key: k, value: v, 'a-mop-index': mopIndex(ta, 'w', k, v), 'b-mop-index': mopIndex(tb, 'r', k, v) };
    }
  } else if (rel === Rel.ww || rel === Rel.rw) {
    const from = rel === Rel.ww ? externalWrites(ta) : externalReads(ta);
    const writes = externalWrites(tb);
    for (const [k, v] of from) {
      if (writes.has(k) && versionFollows(evidence, k, v, writes.get(k))) {
        const v2 = writes.get(k);
        return { type: rel === Rel.ww ? 'ww' : 'rw', key: k, value: v, "value'": v2, 'a-mop-index': mopIndex(ta, rel === Rel.ww ? 'w' : 'r', k, v), 'b-mop-index': mopIndex(tb, 'w', k, v2) };
      }
    }
  } else if (rel === Rel.process) {
    return { type: 'process', process: a.process };
  } else if (rel === Rel.realtime) {
    return { type: 'realtime', "a'": a, b: evidence.invocations.get(b.index) };
  }
  throw new Error(`cannot explain ${a.index} -> ${b.index} (rel ${rel})`);
}

const show = (x: unknown) => (x === null ? 'nil' : JSON.stringify(x));

function renderStep(step: Step, a: string, b: string): string {
  switch (step.type) {
    case 'wr':
      return `${a} wrote ${show(step.key)} = ${show(step.value)}, which was read by ${b}`;
    case 'ww':
      return `${a} set key ${show(step.key)} to ${show(step.value)}, and ${b} set it to ${show(step["value'"])}, which came later in the version order`;
    case 'rw':
      return `${a} read key ${show(step.key)} = ${show(step.value)}, and ${b} set it to ${show(step["value'"])}, which came later in the version order`;
    case 'process':
      return `process ${step.process} executed ${a} before ${b}`;
    case 'realtime':
      return `${a} completed at index ${step["a'"].index}, before the invocation of ${b}, at index ${step.b?.index ?? '?'}`;
  }
}

/** Renders a cycle like Elle's text files: the bindings, then each step, the last a contradiction. */
export function renderCycle(cycle: readonly Op[], steps: readonly Step[]): string {
  const names = cycle.slice(0, -1).map((_, i) => `T${i + 1}`);
  const lines = ['Let:', ...cycle.slice(0, -1).map((op, i) => `  ${names[i]} = ${JSON.stringify({ index: op.index, type: op.type, process: op.process, f: op.f, value: op.value })}`), '', 'Then:'];
  steps.forEach((step, i) => {
    const a = names[i];
    const b = names[(i + 1) % names.length];
    const text = `${a} < ${b}, because ${renderStep(step, a, b)}`;
    lines.push(i === steps.length - 1 ? `  - However, ${text}: a contradiction!` : `  - ${text}.`);
  });
  return lines.join('\n');
}
