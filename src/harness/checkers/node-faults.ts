/**
 * The node-faults checker (glomers only): what a node did to the harness itself: invalid stdout
 * lines, messages to ids not in the network, stdout floods, endless lines, unread stdin. Maelstrom
 * only logs the first two and stops reading the node; glomers does the same and also judges the run
 * invalid, naming the node and the fault, so the verdict says why. Absent from the results when no
 * node misbehaved, so a normal run's results keep Maelstrom's keys.
 */
import type { NodeFault } from '../process/limits.js';

/** The checker result: always invalid, since it is only added when there is a fault. */
export function checkNodeFaults(faults: readonly NodeFault[]): Record<string, unknown> {
  return {
    'valid?': false,
    count: faults.length,
    faults: faults.map((f) => ({ node: f.node, kind: f.kind, text: f.text })),
  };
}

/** One short line per fault, for the console summary: "n0 stdout-flood". */
export function faultNames(faults: readonly NodeFault[]): string {
  return faults.map((f) => `${f.node} ${f.kind}`).join(', ');
}
