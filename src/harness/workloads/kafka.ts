/**
 * The kafka workload (SPEC §2.7): Kafka-style append-only logs polled by clients that keep their
 * own offsets. The generator, final generator, client and checker live in `../kafka/`.
 */
import type { Workload, WorkloadOptions } from '../workload.js';
import { KafkaClient } from '../kafka/client.js';
import { checkKafka } from '../kafka/checker.js';
import { KafkaFinalGenerator } from '../kafka/final.js';
import { KafkaGenerator, type MaxOffsets } from '../kafka/generator.js';

/**
 * A fresh kafka workload. The main generator records the highest offset seen per key and the
 * final generator polls up to those, so the two share state through this instance: use one
 * instance per test, and call `generator()` before the final phase starts.
 */
export function createKafkaWorkload(): Workload {
  let maxOffsets: MaxOffsets = new Map();
  return {
    name: 'kafka',
    reusableClient: false,
    generator(options: WorkloadOptions) {
      maxOffsets = new Map();
      return new KafkaGenerator(
        { random: options.random, concurrency: options.concurrency, keyCount: options.keyCount, maxWritesPerKey: options.maxWritesPerKey },
        maxOffsets,
      );
    },
    finalGenerator(options: WorkloadOptions) {
      // Read lazily: generator() may replace the map after this call.
      return new KafkaFinalGenerator({ random: options.random, concurrency: options.concurrency }, () => maxOffsets);
    },
    client: () => new KafkaClient(),
    check: (history) => checkKafka(history),
  };
}

/** The kafka workload for one test run (see `createKafkaWorkload` for per-test state). */
export const kafka: Workload = createKafkaWorkload();
