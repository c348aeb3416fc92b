/**
 * The pn-counter workload, and everything g-counter shares with it (SPEC §2.4,
 * `M:workload/pn_counter.clj`): a 50/50 mix of `add` with delta (rand-int 10) − 5 and `read`.
 * The final phase has each thread do one read marked final. The client is not reusable and does
 * not use with-errors: any error or timeout makes the op info with an exception.
 */
import { checkCounter } from '../checkers/counter.js';
import { withoutErrors, type OpGenerator, type OpTemplate, type Workload, type WorkloadOptions } from '../workload.js';

/** One op of pn-counter's mix: gen/mix over [add fn, (repeat read)] draws rand-int 2 first. */
export function pnOp(random: () => number): OpTemplate {
  if (Math.floor(random() * 2) === 0) return { f: 'add', value: Math.floor(random() * 10) - 5 };
  return { f: 'read', value: null };
}

/** pn-counter's main generator. */
export function pnCounterGenerator(random: () => number): OpGenerator {
  return { next: () => pnOp(random) };
}

/** One `{f: read, final: true}` per client thread (gen/each-thread), then exhausted. */
export function finalReads(): OpGenerator {
  const done = new Set<number>();
  return {
    next(ctx) {
      if (done.has(ctx.thread)) return undefined;
      done.add(ctx.thread);
      return { f: 'read', value: null, final: true };
    },
  };
}

/** A counter workload: both counters share everything but the main generator. */
export function counterWorkload(name: string, generator: (options: WorkloadOptions) => OpGenerator): Workload {
  return {
    name,
    reusableClient: false,
    generator,
    finalGenerator: () => finalReads(),
    client: () => ({
      async invoke(op, rpc) {
        if (op.f === 'add') {
          const outcome = await rpc.call({ type: 'add', delta: op.value }, { type: 'add_ok', response: {} });
          return withoutErrors(outcome, op, () => op.value);
        }
        const outcome = await rpc.call({ type: 'read' }, { type: 'read_ok', response: { value: 'int' } });
        return withoutErrors(outcome, op, (body) => body.value);
      },
    }),
    check: (history) => checkCounter(history),
  };
}

/** The pn-counter workload (`-w pn-counter`). */
export const pnCounter: Workload = counterWorkload('pn-counter', (options) => pnCounterGenerator(options.random));
