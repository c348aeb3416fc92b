/**
 * A deterministic simulation of a kafka cluster for tests: KafkaCore nodes on a message queue
 * with latency and partitions, driven by the real kafka generator and client, recording a
 * history the real checker can judge.
 */
import { KafkaCore } from '../../../src/challenges/kafka/core.js';
import type { ReplicateBody } from '../../../src/challenges/kafka/wire.js';
import type { Op } from '../../../src/harness/history.js';
import { KafkaClient } from '../../../src/harness/kafka/client.js';
import { KafkaFinalGenerator } from '../../../src/harness/kafka/final.js';
import { KafkaGenerator } from '../../../src/harness/kafka/generator.js';
import type { BaseBody } from '../../../src/shared/protocol.js';
import type { ClientRpc, OpTemplate, RpcOutcome } from '../../../src/harness/workload.js';
import { seeded } from '../../support/seeded.js';

/** How to run one simulation. */
export interface SimulationOptions {
  nodeCount: number;
  seed: number;
  /** Main-phase length in simulated ms (one op per ms). */
  durationMs: number;
  /** [start, end) windows in ms during which nodes cannot reach each other. */
  partitions?: Array<[number, number]>;
  /** Inter-node latency in ms; with `jitter`, uniform in [latencyMs, latencyMs + jitter), so messages reorder. */
  latencyMs?: number;
  jitterMs?: number;
  tickMs?: number;
  /** Builds each node's core (a test can inject a broken one). */
  makeCore?: (nodeId: string, nodeIds: string[]) => KafkaCore;
}

/** What a simulation produced. */
export interface SimulationResult {
  history: Op[];
  /** Replication messages sent between nodes. */
  serverMessages: number;
  /** Client invocations. */
  ops: number;
}

/** Runs the cluster through a main phase, a healed recovery second and the final polls. */
export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  const nodeIds = Array.from({ length: options.nodeCount }, (_, i) => `n${i}`);
  const cores = new Map(nodeIds.map((id) => [id, options.makeCore?.(id, nodeIds) ?? new KafkaCore({ nodeId: id, nodeIds })]));
  const random = seeded(options.seed);
  const latency = options.latencyMs ?? 1;
  const tickMs = options.tickMs ?? 50;
  const queue: Array<{ at: number; src: string; dest: string; body: ReplicateBody }> = [];
  let now = 0;
  let serverMessages = 0;
  const partitioned = () => (options.partitions ?? []).some(([a, b]) => now >= a && now < b) && !healed;
  let healed = false;

  const step = () => {
    now++;
    for (let i = 0; i < queue.length; ) {
      const m = queue[i];
      if (m.at > now) { i++; continue; }
      queue.splice(i, 1);
      if (!partitioned()) cores.get(m.dest)!.receive(m.src, m.body);
    }
    if (now % tickMs === 0) {
      for (const [id, core] of cores) for (const peer of core.peers) {
        const body = core.outgoing(peer, now);
        if (body) { serverMessages++; queue.push({ at: now + latency + Math.floor(random() * (options.jitterMs ?? 0)), src: id, dest: peer, body }); }
      }
    }
  };

  const rpcFor = (node: string): ClientRpc => ({
    node,
    async call(body: BaseBody): Promise<RpcOutcome> {
      const core = cores.get(node)!;
      switch (body.type) {
        case 'send': return { kind: 'ok', body: { type: 'send_ok', offset: core.send(body.key as string, body.msg) } };
        case 'poll': return { kind: 'ok', body: { type: 'poll_ok', msgs: core.poll(body.offsets as Record<string, number>) } };
        case 'commit_offsets': core.commit(body.offsets as Record<string, number>); return { kind: 'ok', body: { type: 'commit_offsets_ok' } };
        default: return { kind: 'ok', body: { type: 'list_committed_offsets_ok', offsets: core.listCommitted(body.keys as string[]) } };
      }
    },
  });

  const concurrency = 2 * options.nodeCount;
  const processes = Array.from({ length: concurrency }, (_, i) => i);
  const clients = processes.map(() => new KafkaClient());
  const history: Op[] = [];
  let ops = 0;
  const run = async (thread: number, template: OpTemplate, gen: { update?(i: Op, c: Op): void }) => {
    ops++;
    const invocation: Op = { index: history.length, time: now * 1e6, type: 'invoke', process: processes[thread], f: template.f, value: template.value };
    history.push(invocation);
    const done = await clients[thread].invoke(template, rpcFor(nodeIds[thread % options.nodeCount]));
    const completion: Op = { index: history.length, time: now * 1e6 + 5e5, type: done.type, process: processes[thread], f: template.f, value: done.value };
    history.push(completion);
    gen.update?.(invocation, completion);
    if (done.type === 'info') { processes[thread] += concurrency; clients[thread] = new KafkaClient(); }
  };

  const main = new KafkaGenerator({ random, concurrency });
  for (let t = 0; t < options.durationMs; t++) {
    step();
    const thread = t % concurrency;
    await run(thread, main.next({ thread, process: processes[thread], time: now * 1e6, concurrency, nodes: nodeIds }), main);
  }
  healed = true;
  for (let t = 0; t < 1000; t++) step();
  const final = new KafkaFinalGenerator({ random, concurrency }, main.maxOffsets);
  const done = new Set<number>();
  while (done.size < concurrency) {
    step();
    for (let thread = 0; thread < concurrency; thread++) {
      if (done.has(thread)) continue;
      const next = final.next({ thread, process: processes[thread], time: now * 1e6, concurrency, nodes: nodeIds });
      if (next === undefined) done.add(thread);
      else if (next !== 'pending') await run(thread, next, final);
    }
  }
  return { history, serverMessages, ops };
}
