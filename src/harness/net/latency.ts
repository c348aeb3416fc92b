/**
 * Per-message latency (SPEC §3.1): drawn at send time, 0 whenever a client is involved.
 */
import { isClientId } from '../../shared/protocol.js';

/** The latency distributions `--latency-dist` accepts. */
export const LATENCY_DISTS = ['constant', 'uniform', 'exponential'] as const;
/** One of LATENCY_DISTS. */
export type LatencyDist = (typeof LATENCY_DISTS)[number];

/** Mean latency in ms and its distribution. */
export interface LatencySpec {
  mean: number;
  dist: LatencyDist;
}

/**
 * Returns a sampler `(src, dest) → ms`. Uniform is an integer in [0, 2·mean) and exponential is
 * truncated to whole ms, as Maelstrom draws them. Maelstrom hangs on uniform with mean 0 and
 * throws on exponential with mean 0; we return 0 instead (a conscious divergence, SPEC §11.12).
 */
export function latencySampler(spec: LatencySpec, random: () => number): (src: string, dest: string) => number {
  const draw = drawFor(spec, random);
  return (src, dest) => (isClientId(src) || isClientId(dest) ? 0 : draw());
}

function drawFor({ mean, dist }: LatencySpec, random: () => number): () => number {
  if (mean <= 0) return () => 0;
  switch (dist) {
    case 'constant':
      return () => mean;
    case 'uniform':
      return () => Math.floor(random() * 2 * mean);
    case 'exponential':
      return () => Math.floor(-Math.log(1 - random()) * mean);
  }
}
