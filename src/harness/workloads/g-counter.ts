/**
 * The g-counter workload (SPEC §2.4, `M:workload/g_counter.clj`): pn-counter's stream with every
 * negative add filtered out (re-drawn), so each op is an add of 0..4 with probability 1/3 and a
 * read with probability 2/3. Client, final reads and checker are pn-counter's.
 */
import type { OpGenerator, Workload } from '../workload.js';
import { counterWorkload, pnOp } from './pn-counter.js';

/** g-counter's main generator: pn-counter's stream with every negative add dropped (gen/filter). */
export function gCounterGenerator(random: () => number): OpGenerator {
  return {
    next() {
      for (;;) {
        const op = pnOp(random);
        if (!(op.f === 'add' && (op.value as number) < 0)) return op;
      }
    },
  };
}

/** The g-counter workload (`-w g-counter`, challenge 4). */
export const gCounter: Workload = counterWorkload('g-counter', (options) => gCounterGenerator(options.random));

