/**
 * Drives the partition nemesis during the main phase and records its ops with process
 * `nemesis`, both entries typed info as Jepsen logs them.
 */
import { keywordValue } from './edn.js';
import { NEMESIS } from './history.js';
import type { Clock } from './net/clock.js';
import type { Network } from './net/network.js';
import { grudgeFor, isolatedValue, PARTITION_SPECS } from './nemesis.js';
import type { HistoryRecorder } from './recorder.js';
import type { Rng } from './rng.js';

/** Nemesis options. */
export interface NemesisOptions {
  network: Network;
  nodes: string[];
  /** Mean seconds between nemesis ops (gaps are uniform in [0, 2·interval)). */
  intervalS: number;
  rng: Rng;
  clock: Clock;
  history: HistoryRecorder;
  /** Called as each nemesis op is invoked (Jepsen's nemesis thread takes a slot of the op cursor). */
  onOp?: () => void;
}

/** The nemesis thread. */
export class PartitionNemesis {
  private running = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private partitioned = false;

  constructor(private readonly options: NemesisOptions) {}

  /** Starts alternating start/stop, the first start right away. */
  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Stops scheduling new nemesis ops (the current partition stays until healed). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Records a stop-partition op and heals (the final phase's nemesis op). */
  stopPartition(): void {
    const { history, clock, network } = this.options;
    this.options.onOp?.();
    history.append({ time: clock.relativeNs(), type: 'info', process: NEMESIS, f: 'stop-partition', value: null });
    network.partitions.heal();
    this.partitioned = false;
    history.append({ time: clock.relativeNs(), type: 'info', process: NEMESIS, f: 'stop-partition', value: keywordValue('network-healed') });
  }

  private async run(): Promise<void> {
    const { history, clock, network, rng, nodes, intervalS } = this.options;
    while (this.running) {
      if (!this.partitioned) {
        const spec = rng.pick(PARTITION_SPECS);
        this.options.onOp?.();
        history.append({ time: clock.relativeNs(), type: 'info', process: NEMESIS, f: 'start-partition', value: keywordValue(spec) });
        const grudge = grudgeFor(spec, nodes, rng);
        network.partitions.apply(grudge);
        this.partitioned = true;
        history.append({ time: clock.relativeNs(), type: 'info', process: NEMESIS, f: 'start-partition', value: isolatedValue(grudge) });
      } else this.stopPartition();
      await this.sleep(rng.next() * 2 * intervalS * 1000);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
