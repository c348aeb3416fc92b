/**
 * Main-thread side of GLOMERS_TRACE: stamps line batches posted to workers, records the hop of
 * output batches coming back, and at stdin end gathers every thread's events and writes
 * <GLOMERS_TRACE>/<node-id>.trace.json (Chrome trace-event JSON; opens in Perfetto). Callers check
 * TRACING first. Main still parses no protocol message: the node id comes from the workers.
 */
import { mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import type { Logger } from '../shared/log.js';
import type { MainToWorker } from '../shared/thread-protocol.js';
import { threadTrace, traceNow, TRACE_COLLECT_CHANNEL, TRACE_DIR, TRACE_REPLY_CHANNEL, type ThreadTraceData, type TraceEvent } from '../shared/trace.js';
/** How long main waits for the workers' buffers. */
const COLLECT_DEADLINE_MS = 3000;

/** A `lines` batch for worker `index`, stamped with the shared clock, and counted. */
export function stampedLines(lines: string[], index: number, seq: number): MainToWorker {
  threadTrace?.count('cross-thread', `to worker ${index}`);
  return { type: 'lines', lines, seq, sentAt: traceNow() };
}

/** An output batch from worker `index`, stamped `sentAt` there, reached main. */
export function traceFromWorker(index: number, sentAt: number | undefined): void {
  if (sentAt !== undefined) threadTrace?.hop(`worker ${index}→main`, sentAt, `from worker ${index}`);
}

/** Main framed one stdin chunk of `chars` characters from `startMs` to now. */
export function traceChunk(startMs: number, chars: number): void {
  threadTrace?.span('stdin chunk', 'framing', startMs, traceNow(), { chars });
}

/** Gathers every thread's events (waits up to 3 s for `workers` answers) and writes the file. */
export async function writeNodeTrace(workers: number, log: Logger): Promise<string | undefined> {
  if (!threadTrace || !TRACE_DIR) return undefined;
  const threads: ThreadTraceData[] = [];
  const reply = new BroadcastChannel(TRACE_REPLY_CHANNEL);
  const answered = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, COLLECT_DEADLINE_MS);
    reply.onmessage = (event) => {
      threads.push((event as { data: ThreadTraceData }).data);
      if (threads.length === workers) (clearTimeout(timer), resolve());
    };
  });
  const collect = new BroadcastChannel(TRACE_COLLECT_CHANNEL);
  collect.postMessage({ type: 'collect' });
  if (workers > 0) await answered;
  reply.close();
  collect.close();
  if (threads.length < workers) log.warn(`trace: ${workers - threads.length} worker(s) did not hand over their events`);
  threads.unshift(threadTrace.take());
  const nodeId = threads.find((t) => t.nodeId !== '')?.nodeId ?? `pid-${process.pid}`;
  const path = join(TRACE_DIR, `${nodeId}.trace.json`);
  try {
    mkdirSync(TRACE_DIR, { recursive: true });
    writeTraceFile(path, nodeId, threads);
  } catch (error) {
    log.error(`trace: could not write ${path}: ${(error as Error).message}`);
    return undefined;
  }
  return path;
}

/** Writes the JSON object format in slices, so a million events never form one string. */
function writeTraceFile(path: string, nodeId: string, threads: ThreadTraceData[]): void {
  const processName: TraceEvent = { ph: 'M', name: 'process_name', ts: 0, pid: process.pid, tid: 1, args: { name: nodeId } };
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, `{"displayTimeUnit":"ms","otherData":${JSON.stringify({ nodeId, pid: process.pid, threads: threads.length })},"traceEvents":[\n`);
    writeSync(fd, JSON.stringify(processName));
    for (const thread of threads) {
      for (let i = 0; i < thread.events.length; i += 10_000) {
        writeSync(fd, ',\n' + thread.events.slice(i, i + 10_000).map((e) => JSON.stringify(e)).join(',\n'));
      }
    }
    writeSync(fd, '\n]}\n');
  } finally {
    closeSync(fd);
  }
}
