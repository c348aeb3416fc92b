/**
 * The txn-rw-register workload (SPEC §2.8): transactions of reads and unique writes over a small
 * rotating pool of integer keys, checked by the Elle-style rw-register checker.
 *
 * History representation: an op's value is the txn as Maelstrom sends it, an array of
 * `[f, k, v]` with `f` the wire string `'r'` or `'w'` (Elle prints `[:r 1 nil]`; the EDN writer
 * may keywordise, the checker accepts both). Invocations carry `null` read values; ok
 * completions carry the node's completed txn; fail/info completions keep the invoked txn.
 */
import { checkRwRegister } from '../elle/check.js';
import { printableResult } from '../elle/printable.js';
import type { OpGenerator, Workload, WorkloadOptions } from '../workload.js';
import { txnClient, txnStream } from './txn-common.js';

/** A micro-op on the wire and in the history. */
export type RwMop = ['r', number, unknown] | ['w', number, number];

/** Elle's wr-txns stream (txn-common.ts), with writes. */
export function txnGenerator(options: Pick<WorkloadOptions, 'random' | 'keyCount' | 'maxTxnLength' | 'maxWritesPerKey'>): OpGenerator {
  return txnStream(options, 'w');
}

/** The reply's micro-ops fail Maelstrom's `(s/either ReadRes Write)` when f is not "r"/"w". */
function badMop(_request: unknown[], txn: unknown): string | undefined {
  if (!Array.isArray(txn)) return undefined;
  const i = txn.findIndex((m) => !Array.isArray(m) || (m[0] !== 'r' && m[0] !== 'w'));
  return i < 0 ? undefined : `body.txn[${i}] should be ["r", k, v] or ["w", k, v], got ${JSON.stringify(txn[i])}`;
}

/** The txn-rw-register workload; `--consistency-models` picks what the checker prohibits. */
export const txnRwRegister: Workload = {
  name: 'txn-rw-register',
  reusableClient: true,
  generator: (options) => txnGenerator(options),
  client: () => txnClient(badMop),
  check: (history, options) => printableResult(checkRwRegister(history, { consistencyModels: options.consistencyModels })),
};
