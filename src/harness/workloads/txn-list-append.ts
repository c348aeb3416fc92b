/**
 * The txn-list-append workload (SPEC §2.9, Maelstrom's Datomic chapter): transactions of reads
 * `["r", k, null]` and appends `["append", k, v]` over a small rotating pool of integer keys (the
 * same stream as txn-rw-register, appends instead of writes: values 1, 2, ... unique per key),
 * answered `txn_ok` with the reads filled in (a list, or null for a missing key), checked by the
 * Elle list-append checker (src/harness/elle/list-append.ts) against --consistency-models.
 */
import { checkListAppend } from '../elle/list-append.js';
import { printableResult } from '../elle/printable.js';
import type { OpGenerator, Workload, WorkloadOptions } from '../workload.js';
import { txnClient, txnStream } from './txn-common.js';

/** A micro-op on the wire and in the history. */
export type ListAppendMop = ['r', number, unknown] | ['append', number, number];

/** Elle's append-txns stream (txn-common.ts): appends instead of writes. */
export function appendTxnGenerator(options: Pick<WorkloadOptions, 'random' | 'keyCount' | 'maxTxnLength' | 'maxWritesPerKey'>): OpGenerator {
  return txnStream(options, 'append');
}

/**
 * Maelstrom's reply schema: each mop is `["r", k, [elements]]` (or null) or `["append", k, v]`,
 * and the txn has the request's length. A reply that breaks it is an info op with an exception.
 */
function badMop(request: unknown[], txn: unknown): string | undefined {
  if (!Array.isArray(txn)) return undefined;
  if (txn.length !== request.length) return `body.txn has ${txn.length} micro-op(s); the request had ${request.length}`;
  for (let i = 0; i < txn.length; i++) {
    const m = txn[i] as unknown[];
    if (m[0] === 'r' && (m[2] === null || Array.isArray(m[2]))) continue;
    if (m[0] === 'append') continue;
    return `body.txn[${i}] should be ["r", k, [elements] or null] or ["append", k, v], got ${JSON.stringify(m)}`;
  }
  return undefined;
}

export const txnListAppend: Workload = {
  name: 'txn-list-append',
  reusableClient: true,
  generator: (options) => appendTxnGenerator(options),
  client: () => txnClient(badMop),
  check: (history, options) => printableResult(checkListAppend(history, { consistencyModels: options.consistencyModels })),
};
