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

/**
 * A quantile map (results' `stable-latencies`, as a Map or as JSON's object) as `{p0, p50, p95,
 * p99, p100}` in numeric order. JSON objects list integer-like keys first, so `{"0", "0.5", "1"}`
 * would print as 0, 1, 0.5: named keys keep the order a reader expects.
 */
export function orderedQuantiles(value: unknown): Record<string, number> | null {
  if (value === null || typeof value !== 'object') return null;
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as Record<string, unknown>);
  const pairs = entries.map(([q, v]) => [Number(q), v] as const).filter(([q, v]) => Number.isFinite(q) && typeof v === 'number');
  pairs.sort((a, b) => a[0] - b[0]);
  return Object.fromEntries(pairs.map(([q, v]) => [`p${Number((q * 100).toFixed(2))}`, v as number]));
}
