/**
 * The txn-list-append workload (SPEC §2.9, Maelstrom's Datomic chapter): transactions of reads
 * `["r", k, null]` and appends `["append", k, v]` over a small rotating pool of integer keys (the
 * same stream as txn-rw-register, appends instead of writes: values 1, 2, ... unique per key),
 * answered `txn_ok` with the reads filled in (a list, or null for a missing key), checked by the
 * Elle list-append checker (src/harness/elle/list-append.ts) against --consistency-models.
 */
import { checkListAppend } from '../elle/list-append.js';
import { printableResult } from '../elle/printable.js';
import { KeyStream } from '../kafka/generator.js';
import { withErrors, type Completion, type OpGenerator, type Schema, type Workload, type WorkloadOptions } from '../workload.js';

/** A micro-op on the wire and in the history. */
export type ListAppendMop = ['r', number, unknown] | ['append', number, number];

/** Txns are never idempotent: a timeout is info, only definite errors are fail. */
const IDEMPOTENT = new Set<string>();

const TXN_OK: { type: string; response: Record<string, Schema> } = { type: 'txn_ok', response: { txn: { array: { tuple: ['string', 'any', 'any'] } } } };

/** Elle's append-txns stream: length uniform in [1, maxTxnLength], reads and appends half each. */
export function appendTxnGenerator(options: Pick<WorkloadOptions, 'random' | 'keyCount' | 'maxTxnLength' | 'maxWritesPerKey'>): OpGenerator {
  const keys = new KeyStream(options.random, options.keyCount ?? 10, options.maxWritesPerKey);
  return {
    next() {
      const length = 1 + Math.floor(options.random() * options.maxTxnLength);
      const txn: ListAppendMop[] = [];
      for (let i = 0; i < length; i++) {
        const mop = keys.next();
        txn.push(mop.f === 'r' ? ['r', mop.key, null] : ['append', mop.key, mop.value]);
      }
      return { f: 'txn', value: txn };
    },
  };
}

/**
 * Maelstrom's reply schema: each mop is `["r", k, [elements]]` (or null) or `["append", k, v]`,
 * and the txn has the request's length. A reply that breaks it is an info op with an exception.
 */
function badMop(request: readonly ListAppendMop[], txn: unknown): string | undefined {
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
  client: () => ({
    async invoke(op, rpc): Promise<Completion> {
      const request = op.value as ListAppendMop[];
      const outcome = await rpc.call({ type: 'txn', txn: request }, TXN_OK);
      if (outcome.kind === 'ok') {
        const problem = badMop(request, outcome.body.txn);
        if (problem !== undefined) {
          return { type: 'info', value: op.value, error: `indeterminate: malformed-rpc-response: ${problem}`, exception: { class: 'malformed-rpc-response', message: problem, body: outcome.body } };
        }
      }
      return withErrors(outcome, op, IDEMPOTENT, (body) => (body.txn ?? []) as ListAppendMop[]);
    },
  }),
  check: (history, options) => printableResult(checkListAppend(history, { consistencyModels: options.consistencyModels })),
};
