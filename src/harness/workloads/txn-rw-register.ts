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
import { KeyStream } from '../kafka/generator.js';
import { withErrors, type Completion, type OpGenerator, type Schema, type Workload, type WorkloadOptions } from '../workload.js';

/** A micro-op on the wire and in the history. */
export type RwMop = ['r', number, unknown] | ['w', number, number];

/** Txn ops are never idempotent here: a timeout is info, only definite errors are fail. */
const IDEMPOTENT = new Set<string>();

/** Reply schema: `txn` is an array of 3-element arrays (null allowed, as Prismatic allows). */
const TXN_OK: { type: string; response: Record<string, Schema> } = { type: 'txn_ok', response: { txn: { array: { tuple: ['string', 'any', 'any'] } } } };

/**
 * Elle's wr-txns stream: length uniform in [1, maxTxnLength]; each micro-op a read or a write
 * (1/2 each) of an exponentially chosen active key; each key's writes are 1, 2, ... up to
 * maxWritesPerKey, after which the key is replaced by a fresh one.
 */
export function txnGenerator(options: Pick<WorkloadOptions, 'random' | 'keyCount' | 'maxTxnLength' | 'maxWritesPerKey'>): OpGenerator {
  const keys = new KeyStream(options.random, options.keyCount ?? 10, options.maxWritesPerKey);
  return {
    next() {
      const length = 1 + Math.floor(options.random() * options.maxTxnLength);
      const txn: RwMop[] = [];
      for (let i = 0; i < length; i++) {
        const mop = keys.next();
        txn.push(mop.f === 'r' ? ['r', mop.key, null] : ['w', mop.key, mop.value]);
      }
      return { f: 'txn', value: txn };
    },
  };
}

/** The reply's micro-ops fail Maelstrom's `(s/either ReadRes Write)` when f is not "r"/"w". */
function badMop(txn: unknown): string | undefined {
  if (!Array.isArray(txn)) return undefined;
  const i = txn.findIndex((m) => !Array.isArray(m) || (m[0] !== 'r' && m[0] !== 'w'));
  return i < 0 ? undefined : `body.txn[${i}] should be ["r", k, v] or ["w", k, v], got ${JSON.stringify(txn[i])}`;
}

/** The txn-rw-register workload; `--consistency-models` picks what the checker prohibits. */
export const txnRwRegister: Workload = {
  name: 'txn-rw-register',
  reusableClient: true,
  generator: (options) => txnGenerator(options),
  client: () => ({
    async invoke(op, rpc): Promise<Completion> {
      const outcome = await rpc.call({ type: 'txn', txn: op.value as RwMop[] }, TXN_OK);
      if (outcome.kind === 'ok') {
        const problem = badMop(outcome.body.txn);
        if (problem !== undefined) {
          return { type: 'info', value: op.value, error: `indeterminate: malformed-rpc-response: ${problem}`, exception: { class: 'malformed-rpc-response', message: problem, body: outcome.body } };
        }
      }
      return withErrors(outcome, op, IDEMPOTENT, (body) => (body.txn ?? []) as RwMop[]);
    },
  }),
  check: (history, options) => printableResult(checkRwRegister(history, { consistencyModels: options.consistencyModels })),
};
