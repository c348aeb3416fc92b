/**
 * The generator interpreter (SPEC §4): `concurrency` client threads, thread i → node i mod N,
 * one global stagger with gaps uniform in [0, 2/rate), ops only on free threads (Jepsen's rotating
 * cursor, see thread-cursor.ts),
 * one request in flight per client, process += concurrency after an info op, and a new Maelstrom
 * client after an info op when the workload's client is not reusable.
 */
import { keywordValue } from './edn.js';
import type { ClientFactory, MaelstromClient } from './clients.js';
import type { Op } from './history.js';
import type { Clock } from './net/clock.js';
import type { HistoryRecorder } from './recorder.js';
import type { Rng } from './rng.js';
import { ThreadCursor } from './thread-cursor.js';
import type { Completion, OpGenerator, OpTemplate, Workload, WorkloadClient, WorkloadOptions } from './workload.js';

/** Interpreter options. */
export interface InterpreterOptions {
  workload: Workload;
  workloadOptions: WorkloadOptions;
  nodes: string[];
  concurrency: number;
  clients: ClientFactory;
  clock: Clock;
  history: HistoryRecorder;
  /** Draws the stagger gaps. */
  rng: Rng;
}

interface Thread {
  index: number;
  process: number;
  busy: boolean;
  client: MaelstromClient | undefined;
  workloadClient: WorkloadClient | undefined;
  replaceClient: boolean;
}

/** Largest lag behind the stagger schedule that is caught up rather than dropped (timer jitter). */
const CATCH_UP_MS = 50;

/** Runs phases of ops over the client threads. */
export class Interpreter {
  private readonly threads: Thread[];
  private readonly inFlight = new Set<Promise<void>>();
  private freed: (() => void) | undefined;
  private readonly cursor: ThreadCursor;

  constructor(private readonly options: InterpreterOptions) {
    this.cursor = new ThreadCursor(options.concurrency);
    this.threads = Array.from({ length: options.concurrency }, (_, index) => ({
      index,
      process: index,
      busy: false,
      client: undefined,
      workloadClient: undefined,
      replaceClient: false,
    }));
  }

  /**
   * The main phase: the staggered generator at `rate` ops/s until `timeLimitS` after the first op.
   * `onFirstOp` fires when that clock starts. Resolves once every in-flight op has completed.
   */
  async runMain(generator: OpGenerator, rate: number, timeLimitS: number, onFirstOp?: () => void): Promise<void> {
    const { clock, rng } = this.options;
    const limitMs = timeLimitS * 1000;
    if (rate <= 0) {
      onFirstOp?.();
      await sleep(limitMs);
      return;
    }
    const gapMs = 2000 / rate;
    let start: number | undefined;
    let next: number | undefined;
    const exhausted = new Set<number>();
    while (exhausted.size < this.threads.length) {
      if (start !== undefined && clock.nowMs() - start >= limitMs) break;
      let waited = false;
      let thread = this.freeThread(exhausted);
      while (!thread) {
        waited = true;
        await this.nextFree(start === undefined ? Infinity : start + limitMs - clock.nowMs());
        if (start !== undefined && clock.nowMs() - start >= limitMs) break;
        thread = this.freeThread(exhausted);
      }
      if (!thread) break;
      const template = generator.next(this.context(thread));
      if (template === undefined) {
        exhausted.add(thread.index);
        continue;
      }
      if (template === 'pending') {
        await sleep(10);
        continue;
      }
      let now = clock.nowMs();
      if (next === undefined || waited || now - next > CATCH_UP_MS) next = Math.max(now, next ?? now);
      if (next - now >= 1) {
        await sleep(next - now);
        now = clock.nowMs();
        if (start !== undefined && now - start >= limitMs) break;
      } else await yieldToIo();
      if (start === undefined) {
        start = now;
        onFirstOp?.();
      }
      this.dispatch(thread, template, generator);
      next += rng.next() * gapMs;
    }
    await this.drain();
  }

  /** A final phase: each thread runs the generator's ops back to back until it is exhausted. */
  async runFinal(generator: OpGenerator): Promise<void> {
    await Promise.all(
      this.threads.map(async (thread) => {
        for (;;) {
          const template = generator.next(this.context(thread));
          if (template === undefined) return;
          if (template === 'pending') {
            await sleep(10);
            continue;
          }
          await this.runOp(thread, template, generator);
        }
      }),
    );
  }

  /** Waits until no op is in flight. */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** The nemesis invoked an op: in Jepsen that moves the op cursor one slot too (see thread-cursor.ts). */
  nemesisDispatched(): void {
    this.cursor.dispatched();
  }

  /** Closes every thread's Maelstrom client. */
  close(): void {
    for (const thread of this.threads) thread.client?.close();
  }

  private context(thread: Thread) {
    return {
      thread: thread.index,
      process: thread.process,
      time: this.options.clock.relativeNs(),
      concurrency: this.threads.length,
      nodes: this.options.nodes,
    };
  }

  private freeThread(exhausted: Set<number>): Thread | undefined {
    const index = this.cursor.pick((i) => !this.threads[i].busy && !exhausted.has(i));
    return index === undefined ? undefined : this.threads[index];
  }

  private nextFree(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(timeoutMs) ? setTimeout(resolve, Math.max(0, timeoutMs)) : undefined;
      this.freed = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
    });
  }

  private dispatch(thread: Thread, template: OpTemplate, generator: OpGenerator): void {
    this.cursor.dispatched();
    const running = this.runOp(thread, template, generator).finally(() => {
      this.inFlight.delete(running);
      const freed = this.freed;
      this.freed = undefined;
      freed?.();
    });
    this.inFlight.add(running);
  }

  private async runOp(thread: Thread, template: OpTemplate, generator: OpGenerator): Promise<void> {
    const { workload, workloadOptions, clients, clock, history, nodes } = this.options;
    thread.busy = true;
    if (!thread.client || thread.replaceClient) {
      thread.client?.close();
      thread.client = clients.open(nodes[thread.index % nodes.length]);
      thread.workloadClient = workload.client(workloadOptions);
      thread.replaceClient = false;
    }
    const invocation = history.append({
      time: clock.relativeNs(),
      type: 'invoke',
      process: thread.process,
      f: template.f,
      value: template.value,
      ...(template.final ? { final: true } : {}),
    });
    let completion: Completion;
    try {
      completion = await thread.workloadClient!.invoke(template, thread.client);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      completion = { type: 'info', value: template.value, error: `indeterminate: ${message}`, exception: { class: e instanceof Error ? e.name : 'Error', message } };
    }
    const done: Op = history.append({
      time: clock.relativeNs(),
      type: completion.type,
      process: thread.process,
      f: template.f,
      value: completion.value,
      ...(completion.error !== undefined ? { error: asHistoryError(completion.error) } : {}),
      ...(completion.exception !== undefined ? { exception: completion.exception } : {}),
      ...(template.final ? { final: true } : {}),
    });
    generator.update?.(invocation, done);
    if (completion.type === 'info') {
      thread.process += this.threads.length;
      if (!workload.reusableClient) thread.replaceClient = true;
    }
    thread.busy = false;
  }
}

/**
 * Jepsen logs a client timeout as the keyword `:net-timeout` and an RPC error as
 * `[:name "text"]`; the workload contract hands us strings, so the names become keywords here.
 */
function asHistoryError(error: unknown): unknown {
  if (error === 'net-timeout') return keywordValue('net-timeout');
  if (Array.isArray(error) && error.length === 2 && typeof error[0] === 'string' && typeof error[1] === 'string') return [keywordValue(error[0]), error[1]];
  return error;
}

/** Sleeps ms milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
