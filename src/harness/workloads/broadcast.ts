/**
 * The broadcast workload (SPEC §2.3): topology sent once per node during setup; a 50/50 mix of
 * broadcasts (one shared counter 0, 1, 2, ...) and reads; a final read per thread with final set.
 * The client is not reusable and read is idempotent. Checked by set-full on 'broadcast' adds.
 */
import { checkSetFull } from '../checkers/set-full.js';
import { makeTopology } from '../topology.js';
import { withErrors, type OpGenerator, type Workload } from '../workload.js';
import { mix, oncePerThread, repeat } from './generators.js';

const IDEMPOTENT = new Set(['read']);

/** The broadcast workload. */
export const broadcast: Workload = {
  name: 'broadcast',
  reusableClient: false,
  async setup(rpc, options) {
    const topology = makeTopology(options.topology, options.nodes);
    const outcome = await rpc.call({ type: 'topology', topology }, { type: 'topology_ok', response: {} });
    if (outcome.kind !== 'ok') throw new Error(`topology RPC to ${rpc.node} failed: ${JSON.stringify(outcome)}`);
  },
  generator(options): OpGenerator {
    let counter = 0;
    return mix([repeat(() => ({ f: 'broadcast', value: counter++ })), repeat(() => ({ f: 'read', value: null }))], options.random);
  },
  finalGenerator: () => oncePerThread(() => ({ f: 'read', value: null, final: true })),
  client: () => ({
    async invoke(op, rpc) {
      if (op.f === 'broadcast') {
        const outcome = await rpc.call({ type: 'broadcast', message: op.value }, { type: 'broadcast_ok', response: {} });
        return withErrors(outcome, op, IDEMPOTENT, () => op.value);
      }
      const outcome = await rpc.call({ type: 'read' }, { type: 'read_ok', response: { messages: { array: 'any' } } });
      return withErrors(outcome, op, IDEMPOTENT, (body) => body.messages);
    },
  }),
  check: (history) => checkSetFull(history, { addF: 'broadcast' }),
};
