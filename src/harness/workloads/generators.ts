/**
 * Small generator combinators shared by the workloads (Jepsen's gen/repeat, gen/mix, one op per
 * thread).
 */
import type { OpGenerator, OpTemplate } from '../workload.js';

/** An endless stream of ops built by `make`. */
export function repeat(make: () => OpTemplate): OpGenerator {
  return { next: () => make() };
}

/** Picks one of the generators uniformly for each op (gen/mix). */
export function mix(generators: OpGenerator[], random: () => number): OpGenerator {
  return {
    next(ctx) {
      return generators[Math.floor(random() * generators.length)].next(ctx);
    },
    update(invocation, completion) {
      for (const g of generators) g.update?.(invocation, completion);
    },
  };
}

/** Exactly one op per client thread, then exhausted for that thread (final reads). */
export function oncePerThread(make: () => OpTemplate): OpGenerator {
  const done = new Set<number>();
  return {
    next(ctx) {
      if (done.has(ctx.thread)) return undefined;
      done.add(ctx.thread);
      return make();
    },
  };
}
