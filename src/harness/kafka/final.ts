/**
 * The kafka final phase (SPEC §2.7): each thread crashes its client, assigns every known key with
 * seek-to-beginning, then polls (staggered, mean 0.2 s) until its own polls have reached the
 * highest offset seen per key in the main phase. The whole phase is capped at 10 s.
 */
import type { Op } from '../history.js';
import { NEMESIS } from '../history.js';
import type { GeneratorContext, OpGenerator, OpTemplate } from '../workload.js';
import { opMaxOffsets } from './ops.js';
import type { MaxOffsets } from './generator.js';

/** Tunables, with Maelstrom's values as defaults. */
export interface KafkaFinalOptions {
  random: () => number;
  concurrency: number;
  /** Mean gap between one thread's polls, seconds (default 0.2). */
  pollIntervalSeconds?: number;
  /** Cap on the whole final phase, seconds (default 10). */
  timeLimitSeconds?: number;
}

interface ThreadState {
  stage: 'crash' | 'assign' | 'poll';
  /** Offsets this thread still has to reach, key → offset. */
  targets: Map<string, number>;
  nextPollAt: number;
}

/**
 * The final generator. The highest offsets are read at the first request, not at construction,
 * so the map the main generator fills can be handed over before the main phase runs. Assign ops carry
 * `final: true`, which the client reads as seek-to-beginning.
 */
export class KafkaFinalGenerator implements OpGenerator {
  private readonly threads = new Map<number, ThreadState>();
  private startedAt: number | undefined;
  private keys: string[] = [];

  /** `maxOffsets` is a map, or a function returning the map to read when the phase starts. */
  constructor(private readonly options: KafkaFinalOptions, private readonly maxOffsets: MaxOffsets | (() => MaxOffsets)) {}

  private targets: MaxOffsets = new Map();

  /** The thread's next final op, `'pending'` between polls, undefined once caught up or out of time. */
  next(ctx: GeneratorContext): OpTemplate | 'pending' | undefined {
    if (this.startedAt === undefined) {
      this.startedAt = ctx.time;
      this.targets = new Map(typeof this.maxOffsets === 'function' ? this.maxOffsets() : this.maxOffsets);
      this.keys = [...this.targets.keys()];
    }
    if (ctx.time - this.startedAt >= (this.options.timeLimitSeconds ?? 10) * 1e9) return undefined;
    let state = this.threads.get(ctx.thread);
    if (state === undefined) {
      state = { stage: 'crash', targets: new Map(this.targets), nextPollAt: 0 };
      this.threads.set(ctx.thread, state);
    }
    if (state.targets.size === 0) return undefined;
    switch (state.stage) {
      case 'crash':
        state.stage = 'assign';
        return { f: 'crash', value: null, final: true };
      case 'assign':
        state.stage = 'poll';
        state.nextPollAt = ctx.time;
        return { f: 'assign', value: [...this.keys], final: true };
      case 'poll': {
        if (ctx.time < state.nextPollAt) return 'pending';
        const meanNs = (this.options.pollIntervalSeconds ?? 0.2) * 1e9;
        state.nextPollAt = ctx.time + this.options.random() * 2 * meanNs;
        return { f: 'poll', value: [['poll']], final: true };
      }
    }
  }

  /** Crosses off a thread's targets that its ok polls have reached. */
  update(_invocation: Op, completion: Op): void {
    if (completion.type !== 'ok' || completion.f !== 'poll' || completion.process === NEMESIS) return;
    const state = this.threads.get(completion.process % this.options.concurrency);
    if (state === undefined) return;
    for (const [k, offset] of opMaxOffsets(completion)) {
      if ((state.targets.get(k) ?? -1) <= offset) state.targets.delete(k);
    }
  }
}
