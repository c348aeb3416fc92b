/**
 * The unique-ids workload (SPEC §2.2): endless generate ops; the value is the id; the client is
 * reusable.
 */
import { checkUniqueIds } from '../checkers/unique-ids.js';
import { withErrors, type Workload } from '../workload.js';
import { repeat } from './generators.js';

const NONE = new Set<string>();

/** The unique-ids workload. */
export const uniqueIds: Workload = {
  name: 'unique-ids',
  reusableClient: true,
  generator: () => repeat(() => ({ f: 'generate', value: null })),
  client: () => ({
    async invoke(op, rpc) {
      const outcome = await rpc.call({ type: 'generate' }, { type: 'generate_ok', response: { id: 'any' } });
      return withErrors(outcome, op, NONE, (body) => body.id);
    },
  }),
  check: (history) => checkUniqueIds(history),
};
