/**
 * Worker-side profiling hooks (GLOMERS_TRACE): names the worker's track, counts SeenSet hits and
 * misses, records line batches, hops and sender queue depths, and answers main's request for the
 * buffered events at shutdown. Callers check TRACING before calling any of these.
 */
import { BroadcastChannel } from 'node:worker_threads';
import type { SeenSet } from '../shared/seen-set.js';
import { threadTrace, traceNow, TRACE_COLLECT_CHANNEL, TRACE_REPLY_CHANNEL, type ThreadTrace } from '../shared/trace.js';

function recorder(): ThreadTrace {
  if (!threadTrace) throw new Error('trace hook called while GLOMERS_TRACE is unset');
  return threadTrace;
}

/** Starts tracing in worker `workerIndex`: its track, SeenSet counting, and the shutdown answer. */
export function startWorkerTrace(workerIndex: number, seenSet: SeenSet, nodeId: () => string): void {
  const trace = recorder();
  trace.nameThread(workerIndex + 2, `worker ${workerIndex}`);
  countSeenSet(seenSet, trace);
  const collect = new BroadcastChannel(TRACE_COLLECT_CHANNEL);
  collect.unref();
  collect.onmessage = () => {
    trace.nodeId = nodeId();
    // A reply channel opened only to post: the other workers keep no listener on it, so the
    // (possibly large) buffer is cloned to main alone.
    const reply = new BroadcastChannel(TRACE_REPLY_CHANNEL);
    reply.postMessage(trace.take());
    reply.close();
    collect.close();
  };
}

/** Wraps this handle's add/has so each call counts as a hit (value known) or a miss. */
function countSeenSet(seenSet: SeenSet, trace: ThreadTrace): void {
  const add = seenSet.add.bind(seenSet);
  const has = seenSet.has.bind(seenSet);
  seenSet.add = (value: number) => {
    const added = add(value);
    trace.count('seen-set', added ? 'miss' : 'hit');
    return added;
  };
  seenSet.has = (value: number) => {
    const known = has(value);
    trace.count('seen-set', known ? 'hit' : 'miss');
    return known;
  };
}

/** A batch of `lines` posted by main at `sentAt` was handled from `startMs` to now. */
export function traceBatch(lines: number, startMs: number, sentAt: number | undefined): void {
  const trace = recorder();
  if (sentAt !== undefined) trace.hop('main→worker', sentAt, 'from main');
  trace.span('lines batch', 'batch', startMs, traceNow(), { lines });
}

/** Stamps an outgoing cross-thread message with the shared clock and counts it. */
export function stampPost<M extends { sentAt?: number }>(message: M, counter: string): M {
  message.sentAt = traceNow();
  recorder().count('cross-thread', counter);
  return message;
}

/** A forwarded RPC reply from a sibling worker arrived. */
export function traceForwardIn(sentAt: number | undefined): void {
  if (sentAt !== undefined) recorder().hop('worker→worker', sentAt, 'from worker');
}

/** A handler for `type` ran (its synchronous part) from `startMs` to now. */
export function traceHandler(type: string, startMs: number): void {
  recorder().span(type, 'handler', startMs);
}

/** A neighbour sender's queue (unacknowledged values) for `peer` is now `depth`. */
export function traceQueue(peer: string, depth: number): void {
  recorder().gauge(`queue ${peer}`, depth);
}

/** Counts an RPC event (`timeout`, `retry`, `sender retry`) and marks it on the timeline. */
export function traceRpc(what: string, args?: Record<string, unknown>): void {
  const trace = recorder();
  trace.count('rpc', what);
  trace.instant(what, 'rpc', args);
}
