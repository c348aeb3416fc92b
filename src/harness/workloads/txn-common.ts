/**
 * What txn-rw-register and txn-list-append share (SPEC §2.8, §2.9): Elle's txn stream over a small
 * rotating pool of keys, and the `txn` client (Maelstrom's with-errors, never idempotent, and a
 * reply whose micro-ops break the workload's schema recorded as an info op with an exception).
 */
import { KeyStream } from '../kafka/generator.js';
import { withErrors, type Completion, type OpGenerator, type Schema, type WorkloadClient, type WorkloadOptions } from '../workload.js';

/** Txns are never idempotent: a timeout is info, only definite errors are fail. */
const IDEMPOTENT = new Set<string>();

/** Reply schema: `txn` is an array of 3-element arrays (null allowed, as Prismatic allows). */
const TXN_OK: { type: string; response: Record<string, Schema> } = { type: 'txn_ok', response: { txn: { array: { tuple: ['string', 'any', 'any'] } } } };

/**
 * Elle's txn stream: length uniform in [1, maxTxnLength]; each micro-op a read or a write (1/2
 * each) of an exponentially chosen active key, its writes 1, 2, ... up to maxWritesPerKey, after
 * which the key is replaced by a fresh one. `write` names the writing micro-op ('w' or 'append').
 */
export function txnStream(options: Pick<WorkloadOptions, 'random' | 'keyCount' | 'maxTxnLength' | 'maxWritesPerKey'>, write: string): OpGenerator {
  const keys = new KeyStream(options.random, options.keyCount ?? 10, options.maxWritesPerKey);
  return {
    next() {
      const length = 1 + Math.floor(options.random() * options.maxTxnLength);
      const txn: Array<[string, number, number | null]> = [];
      for (let i = 0; i < length; i++) {
        const mop = keys.next();
        txn.push(mop.f === 'r' ? ['r', mop.key, null] : [write, mop.key, mop.value]);
      }
      return { f: 'txn', value: txn };
    },
  };
}

/** The txn client; `badMop(request, replyTxn)` names a schema problem in the reply, if any. */
export function txnClient(badMop: (request: unknown[], txn: unknown) => string | undefined): WorkloadClient {
  return {
    async invoke(op, rpc): Promise<Completion> {
      const request = op.value as unknown[];
      const outcome = await rpc.call({ type: 'txn', txn: request }, TXN_OK);
      if (outcome.kind === 'ok') {
        const problem = badMop(request, outcome.body.txn);
        if (problem !== undefined) {
          return { type: 'info', value: op.value, error: `indeterminate: malformed-rpc-response: ${problem}`, exception: { class: 'malformed-rpc-response', message: problem, body: outcome.body } };
        }
      }
      return withErrors(outcome, op, IDEMPOTENT, (body) => (body.txn ?? []) as unknown[]);
    },
  };
}
