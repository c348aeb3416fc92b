/** Small pieces several benchmarks share: reading result figures, tapping sends, machine facts. */
import os from 'node:os';
import type { Clock } from '../src/harness/net/clock.js';
import type { Network } from '../src/harness/net/network.js';
import type { BaseBody } from '../src/shared/protocol.js';

/** Returns a reader of nested figures in a run's results (`get('net', 'servers', 'msg-count')`); absent paths read as undefined. */
export function resultGetter(results: unknown): (...path: string[]) => unknown {
  return (...path) => path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], results);
}

/**
 * Calls `onSend` for every message that passes `network.send`, with the clock's relative time in
 * ms, before the message goes on as before. Every message (client, server, service) passes there.
 */
export function tapSends(network: Network, clock: Clock, onSend: (src: string, dest: string, body: BaseBody, ms: number) => void): void {
  const send = network.send.bind(network);
  network.send = (src, dest, body, raw) => {
    onSend(src, dest, body, clock.relativeNs() / 1e6);
    return send(src, dest, body, raw);
  };
}

/** Node version, core count and load averages (2 decimals): what a noisy shared machine's figures need beside them. */
export function machine(): { node: string; cores: number; loadavg: number[] } {
  return { node: process.version, cores: os.cpus().length, loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100) };
}
