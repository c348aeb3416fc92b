/**
 * The g-set workload (SPEC §2.5): a 50/50 mix of adds (one shared counter 0, 1, 2, ...) and
 * reads; reads answer `{value: [...]}`; a final read per thread (without `final`). The client is
 * not reusable and does not use with-errors, so any error or timeout is info with an exception.
 * Checked by set-full on 'add'.
 */
import { checkSetFull } from '../checkers/set-full.js';
import { withoutErrors, type OpGenerator, type Workload } from '../workload.js';
import { mix, oncePerThread, repeat } from './generators.js';

/** The g-set workload. */
export const gSet: Workload = {
  name: 'g-set',
  reusableClient: false,
  generator(options): OpGenerator {
    let counter = 0;
    return mix([repeat(() => ({ f: 'add', value: counter++ })), repeat(() => ({ f: 'read', value: null }))], options.random);
  },
  finalGenerator: () => oncePerThread(() => ({ f: 'read', value: null })),
  client: () => ({
    async invoke(op, rpc) {
      if (op.f === 'add') {
        const outcome = await rpc.call({ type: 'add', element: op.value }, { type: 'add_ok', response: {} });
        return withoutErrors(outcome, op, () => op.value);
      }
      const outcome = await rpc.call({ type: 'read' }, { type: 'read_ok', response: { value: { array: 'any' } } });
      return withoutErrors(outcome, op, (body) => body.value);
    },
  }),
  check: (history) => checkSetFull(history, { addF: 'add' }),
};
