/**
 * The lin-kv workload (SPEC §2.6, `M:workload/lin_kv.clj`, `J:tests/linearizable_register.clj`):
 * independent keys 0, 1, 2, ... worked on by groups of 2N threads; in each group the first N
 * threads read and the others pick uniformly from [write, cas, cas], values in 0..4. A key is
 * retired once a 21st process would touch it (gen/process-limit 20). Values are `[k v]` tuples.
 * The client is reusable, read is idempotent, and the RPC timeout is max(10·latency, 1000) ms.
 * Checked per key for linearizability against a compare-and-set register starting at nil.
 */
import { HarnessError } from '../options.js';
import { withErrors, type GeneratorContext, type OpGenerator, type OpTemplate, type Workload, type WorkloadOptions } from '../workload.js';
import { checkLinKv } from '../linearizability/lin-kv-checker.js';

const IDEMPOTENT = new Set(['read']);
const PROCESS_LIMIT = 20;

/** The lin-kv op generator (Jepsen's independent/concurrent-generator over the register test). */
export function linKvGenerator(options: WorkloadOptions): OpGenerator {
  const n = options.nodes.length;
  const groupSize = 2 * n;
  // Jepsen asserts these when the generator starts; Maelstrom then crashes (exit 255).
  if (groupSize > options.concurrency) {
    throw new HarnessError(`With ${options.concurrency} worker threads, this jepsen.concurrent/concurrent-generator cannot run a key with ${groupSize} threads concurrently. Consider raising your test's :concurrency to at least ${groupSize} (e.g. --concurrency 2n).`, 255);
  }
  if (options.concurrency % groupSize !== 0) {
    throw new HarnessError(`This jepsen.independent/concurrent-generator has ${options.concurrency} threads to work with, but can only use ${groupSize * Math.floor(options.concurrency / groupSize)} of those threads. Consider raising or lowering the test's :concurrency to a multiple of ${groupSize}.`, 255);
  }
  const random = options.random;
  const groups = Array.from({ length: options.concurrency / groupSize }, (_, g) => ({ key: g, processes: new Set<number>() }));
  let nextKey = groups.length;
  return {
    next(ctx: GeneratorContext): OpTemplate {
      const group = groups[Math.floor(ctx.thread / groupSize)];
      if (!group.processes.has(ctx.process) && group.processes.size >= PROCESS_LIMIT) {
        group.key = nextKey++;
        group.processes.clear();
      }
      group.processes.add(ctx.process);
      const k = group.key;
      if (ctx.thread % groupSize < n) return { f: 'read', value: [k, null] };
      const pick = Math.floor(random() * 3);
      if (pick === 0) return { f: 'write', value: [k, Math.floor(random() * 5)] };
      return { f: 'cas', value: [k, [Math.floor(random() * 5), Math.floor(random() * 5)]] };
    },
  };
}

/** The lin-kv workload. */
export const linKv: Workload = {
  name: 'lin-kv',
  reusableClient: true,
  generator: linKvGenerator,
  client: (options) => ({
    async invoke(op, rpc) {
      const [k, v] = op.value as [unknown, unknown];
      const timeout = Math.max(10 * options.latencyMs, 1000);
      switch (op.f) {
        case 'read': {
          const outcome = await rpc.call({ type: 'read', key: k }, { type: 'read_ok', response: { value: 'any' } }, timeout);
          return withErrors(outcome, op, IDEMPOTENT, (body) => [k, body.value]);
        }
        case 'write': {
          const outcome = await rpc.call({ type: 'write', key: k, value: v }, { type: 'write_ok', response: {} }, timeout);
          return withErrors(outcome, op, IDEMPOTENT, () => op.value);
        }
        default: {
          const [from, to] = v as [unknown, unknown];
          const outcome = await rpc.call({ type: 'cas', key: k, from, to }, { type: 'cas_ok', response: {} }, timeout);
          return withErrors(outcome, op, IDEMPOTENT, () => op.value);
        }
      }
    },
  }),
  check: (history) => checkLinKv(history),
};
