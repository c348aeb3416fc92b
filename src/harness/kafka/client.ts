/**
 * The kafka client (SPEC §2.7, M:src/maelstrom/workload/kafka.clj): one per process, never reused
 * after an info op. It keeps `offsets`, key → next offset to read, for its assigned keys.
 */
import type { BaseBody } from '../../shared/protocol.js';
import type { ClientRpc, Completion, OpTemplate, RpcOutcome, Schema, WorkloadClient } from '../workload.js';
import { withErrors } from '../workload.js';

/** The fs whose failures are definite: an assign only changes client-local state. */
export const KAFKA_IDEMPOTENT: ReadonlySet<string> = new Set(['assign']);

const OFFSET_MESSAGE: Schema = { tuple: ['int', 'any'] };

/** Reply schemas of the four kafka RPCs (M:kafka.clj defrpc). */
export const KAFKA_REPLIES = {
  send: { type: 'send_ok', response: { offset: 'int' } },
  poll: { type: 'poll_ok', response: { msgs: { mapOf: { array: OFFSET_MESSAGE } } } },
  commit: { type: 'commit_offsets_ok', response: {} },
  listCommitted: { type: 'list_committed_offsets_ok', response: { offsets: { mapOf: 'int' } } },
} satisfies Record<string, { type: string; response: Record<string, Schema> }>;

/** The Maelstrom kafka client. */
export class KafkaClient implements WorkloadClient {
  /** Assigned keys → the next offset this client wants to read. */
  readonly offsets = new Map<string, number>();

  /** Runs assign / crash / send / poll; resolves, never rejects. */
  async invoke(op: OpTemplate, rpc: ClientRpc): Promise<Completion> {
    switch (op.f) {
      case 'crash':
        return { type: 'info', value: op.value };
      case 'assign':
        return this.assign(op, rpc);
      case 'send':
        return this.send(op, rpc);
      case 'poll':
        return this.poll(op, rpc);
      default:
        return { type: 'fail', value: op.value, error: `unknown kafka op ${op.f}` };
    }
  }

  /**
   * A final-phase assign (`final: true`) seeks to the beginning; any other asks the node for
   * committed offsets, preferring a key's local offset, then the committed one, then 0.
   */
  private async assign(op: OpTemplate, rpc: ClientRpc): Promise<Completion> {
    const keys = (op.value as unknown[]).map(String);
    if (op.final) {
      this.offsets.clear();
      for (const k of keys) this.offsets.set(k, 0);
      return { type: 'ok', value: op.value };
    }
    const outcome = await rpc.call({ type: 'list_committed_offsets', keys }, KAFKA_REPLIES.listCommitted);
    return withErrors(outcome, op, KAFKA_IDEMPOTENT, (body) => {
      const committed = body.offsets as Record<string, number>;
      const next = new Map<string, number>();
      for (const k of keys) next.set(k, this.offsets.get(k) ?? committed[k] ?? 0);
      this.offsets.clear();
      for (const [k, v] of next) this.offsets.set(k, v);
      return op.value;
    });
  }

  private async send(op: OpTemplate, rpc: ClientRpc): Promise<Completion> {
    const [, key, msg] = (op.value as unknown[][])[0];
    const outcome = await rpc.call({ type: 'send', key: String(key), msg }, KAFKA_REPLIES.send);
    return withErrors(outcome, op, KAFKA_IDEMPOTENT, (body) => [['send', String(key), [body.offset, msg]]]);
  }

  /**
   * Polls from every assigned offset, advances past what came back, then commits the highest
   * offset read per key. A poll that read but then failed to commit is info, never fail: its
   * offsets have advanced, and only a fresh client (new process) keeps the skip checks honest.
   */
  private async poll(op: OpTemplate, rpc: ClientRpc): Promise<Completion> {
    const outcome = await rpc.call({ type: 'poll', offsets: Object.fromEntries(this.offsets) }, KAFKA_REPLIES.poll);
    if (outcome.kind !== 'ok') return withErrors(outcome, op, KAFKA_IDEMPOTENT, () => op.value);
    const msgs = (outcome.body.msgs ?? {}) as Record<string, Array<[number, unknown]> | null>;
    const polled: Record<string, Array<[number, unknown]>> = {};
    const highest: Record<string, number> = {};
    for (const [k, pairs] of Object.entries(msgs)) {
      polled[k] = pairs ?? [];
      let max = -1;
      for (const [offset] of polled[k]) if (offset > max) max = offset;
      this.offsets.set(k, Math.max(this.offsets.get(k) ?? 0, max + 1));
      if (max >= 0) highest[k] = max;
    }
    const value = [['poll', polled]];
    if (Object.keys(highest).length === 0) return { type: 'ok', value };
    const commit: RpcOutcome = await rpc.call({ type: 'commit_offsets', offsets: highest }, KAFKA_REPLIES.commit);
    const done = withErrors(commit, op, new Set(), (_body: BaseBody) => value);
    // Keep what was read in the info op: the checker builds logs from info polls too.
    return done.type === 'ok' ? done : { ...done, type: 'info', value };
  }
}
