/**
 * The kafka main-phase generator (SPEC §2.7): Elle's list-append key stream with one micro-op per
 * op, occasional assigns (a third of them widened to every sent-but-unpolled key), and staggered
 * client crashes. It also records the highest offset seen per key, for the final phase.
 */
import type { Op } from '../history.js';
import type { GeneratorContext, OpGenerator, OpTemplate } from '../workload.js';
import { mergeMax, opMaxOffsets, opMaxPollOffsets, opMaxSendOffsets } from './ops.js';

/** Tunables, with Maelstrom's values as defaults. */
export interface KafkaGeneratorOptions {
  /** Seeded random source in [0, 1). */
  random: () => number;
  /** Client threads; crashes come every 30/concurrency s on average. */
  concurrency: number;
  /** Active keys at any time (Elle default for the exponential distribution: 10). */
  keyCount?: number;
  /** Writes per key before it is replaced by a fresh key (default 16). */
  maxWritesPerKey?: number;
  /** Probability that an op is replaced by an assign (default 1/64). */
  assignProbability?: number;
  /** Mean seconds between crashes of some client, before dividing by concurrency (default 30). */
  crashIntervalSeconds?: number;
}

/** Highest offset seen per key in ok main-phase ops: the final phase polls until it reaches these. */
export type MaxOffsets = Map<string, number>;

/**
 * Elle's wr-txns key stream with txn length 1: picks `r`/`w` evenly and a key with an exponential
 * distribution (active index i has probability 2^(i+1)/2046 for 10 keys); values per key run
 * 1..maxWritesPerKey, then that key is replaced in place by max(active)+1.
 */
export class KeyStream {
  private readonly active: number[];
  private readonly nextValue = new Map<number, number>();
  private readonly scale: number;

  /** Starts with keys 0..keyCount-1. */
  constructor(private readonly random: () => number, keyCount = 10, private readonly maxWritesPerKey = 16) {
    this.active = Array.from({ length: keyCount }, (_, i) => i);
    this.scale = (2 ** keyCount - 1) * 2; // base 2: (b^n - 1)·b/(b - 1)
  }

  /** The next micro-op: a read (`poll`) or a write of the key's next value. */
  next(): { f: 'r'; key: number } | { f: 'w'; key: number; value: number } {
    for (;;) {
      const f = this.random() < 0.5 ? 'r' : 'w';
      const index = Math.floor(Math.log2(this.random() * this.scale + 2) - 1);
      const key = this.active[Math.min(index, this.active.length - 1)];
      if (f === 'r') return { f, key };
      const value = this.nextValue.get(key) ?? 1;
      if (value > this.maxWritesPerKey) {
        // Exhausted: replace in place and draw again, as Elle's fresh-key does.
        this.active[this.active.indexOf(key)] = Math.max(...this.active) + 1;
        continue;
      }
      this.nextValue.set(key, value + 1);
      return { f, key, value };
    }
  }
}

/** The main-phase generator; `maxOffsets` is filled as ok ops complete. */
export class KafkaGenerator implements OpGenerator {
  private readonly keys: KeyStream;
  private readonly assignProbability: number;
  private readonly crashMeanNs: number;
  private nextCrashAt: number | undefined;
  /** The op an assign displaced: Jepsen re-offers it, so it is issued later rather than lost. */
  private held: { template: OpTemplate; key: string } | undefined;
  /** Highest offsets acknowledged by sends / read by polls, for keys not yet fully polled. */
  private readonly sent = new Map<string, number>();
  private readonly polled = new Map<string, number>();

  /** `maxOffsets` is shared with the final generator. */
  constructor(private readonly options: KafkaGeneratorOptions, readonly maxOffsets: MaxOffsets = new Map()) {
    this.keys = new KeyStream(options.random, options.keyCount ?? 10, options.maxWritesPerKey ?? 16);
    this.assignProbability = options.assignProbability ?? 1 / 64;
    this.crashMeanNs = ((options.crashIntervalSeconds ?? 30) / Math.max(1, options.concurrency)) * 1e9;
  }

  /** A crash when one is due, else an assign (1/64) or the next send/poll. */
  next(ctx: GeneratorContext): OpTemplate {
    const random = this.options.random;
    if (this.nextCrashAt === undefined) this.nextCrashAt = ctx.time + random() * 2 * this.crashMeanNs;
    if (ctx.time >= this.nextCrashAt) {
      this.nextCrashAt += random() * 2 * this.crashMeanNs;
      return { f: 'crash', value: null };
    }
    const held = this.held ?? this.draw();
    this.held = undefined;
    if (random() < this.assignProbability) {
      this.held = held;
      let keys = [held.key];
      // About a third of assigns also pick up every key with sent-but-unpolled messages.
      if (random() < 1 / 3 && this.sent.size > 0) keys = [...new Set([...keys, ...this.sent.keys()])];
      return { f: 'assign', value: keys };
    }
    return held.template;
  }

  /** Tracks sent/polled offsets (poll-unseen) and the highest offset per key (final targets). */
  update(_invocation: Op, completion: Op): void {
    if (completion.type !== 'ok') return;
    mergeMax(this.maxOffsets, opMaxOffsets(completion));
    mergeMax(this.sent, opMaxSendOffsets(completion));
    mergeMax(this.polled, opMaxPollOffsets(completion));
    for (const k of new Set([...this.sent.keys(), ...this.polled.keys()])) {
      if ((this.polled.get(k) ?? -1) >= (this.sent.get(k) ?? -1)) {
        this.sent.delete(k);
        this.polled.delete(k);
      }
    }
  }

  private draw(): { template: OpTemplate; key: string } {
    const mop = this.keys.next();
    const key = String(mop.key);
    if (mop.f === 'r') return { template: { f: 'poll', value: [['poll']] }, key };
    return { template: { f: 'send', value: [['send', key, mop.value]] }, key };
  }
}
