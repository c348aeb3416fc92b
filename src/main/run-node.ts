/**
 * A node process's main thread: stdio framing only. It cuts stdin into lines without parsing them,
 * posts each chunk's lines as one batch to a handler worker (round-robin over batches when there
 * are several), writes the workers' output chunks to stdout with backpressure, and on stdin end
 * waits for every worker to flush before letting the process exit on its own (never
 * process.exit with output pending).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { createLogger } from '../shared/log.js';
import { LineSplitter } from '../shared/framing.js';
import { SeenSet } from '../shared/seen-set.js';
import type { WorkerToMain } from '../shared/thread-protocol.js';
import { readConfig, type RuntimeConfig } from './config.js';
import { NodeWorkers } from './node-workers.js';
import { BatchCredit, InputGate } from './input-gate.js';
import { InputLedger } from './input-ledger.js';
import { StdoutWriter, stdoutFailed } from './stdout-writer.js';
import { TRACING, traceNow } from '../shared/trace.js';
import { stampedLines, traceChunk, traceFromWorker, writeNodeTrace } from './trace-file.js';

/** Per-node options a bin may give (environment variables can still override the worker count). */
export interface RunNodeOptions {
  /** This node's default for GLOMERS_WORKERS (the variable still wins). Default 1. */
  workers?: number;
  /** This node's default for GLOMERS_SEEN_CAPACITY (the variable still wins). */
  seenCapacity?: number;
}

/** Set by the first runNode in this thread; a one-file node's module calls runNode again on import. */
let started = false;

/**
 * Runs the node defined by the module at `definitionUrl` (a URL or `import.meta.url`) on this
 * process's stdin/stdout. A module may both `export default defineNode(...)` and call
 * `runNode(import.meta.url)`: when the runtime imports it again, in a worker (or on the main thread
 * with GLOMERS_WORKERS=0), that second call does nothing instead of starting a runtime inside the
 * runtime.
 */
export function runNode(definitionUrl: URL | string, options: RunNodeOptions = {}): void {
  if (!isMainThread || started) return;
  started = true;
  if (typeof definitionUrl === 'string') definitionUrl = new URL(definitionUrl);
  let config: RuntimeConfig;
  try {
    const defaults: Record<string, string | undefined> = {
      GLOMERS_WORKERS: options.workers?.toString(),
      GLOMERS_SEEN_CAPACITY: options.seenCapacity?.toString(),
    };
    config = readConfig({ ...defaults, ...definedOnly(process.env) });
  } catch (error) {
    process.stderr.write(`glomers node: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const run = config.workers === 0 ? runInline(definitionUrl, config) : runWorkers(definitionUrl, config);
  run.catch((error: unknown) => {
    process.stderr.write(`glomers node: fatal: ${(error as Error)?.stack ?? error}\n`);
    process.exitCode = 1;
    process.stdin.pause();
    // Live worker threads would keep a node that cannot serve alive forever, and a harness would
    // then report "no init_ok" instead of a crash. The empty write's callback runs once every
    // earlier stdout write has been flushed, so exiting there loses no output.
    process.stdout.write('', () => process.exit(1));
  });
}

/**
 * runNode for a one-file node, only when its module is the script node was started with: a test
 * that imports the module for its definition (the inline runner) then gets no runtime reading
 * its stdin. Use `runNodeIfMain(import.meta.url)` at the end of the node's module.
 */
export function runNodeIfMain(moduleUrl: URL | string, options: RunNodeOptions = {}): void {
  const entry = process.argv[1];
  if (!isMainThread || entry === undefined) return;
  let isEntry = false;
  try {
    isEntry = realpathSync(fileURLToPath(moduleUrl)) === realpathSync(entry);
  } catch {
    // not a file URL, or the entry is gone: not ours to run
  }
  if (isEntry) runNode(moduleUrl, options);
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

async function runWorkers(definitionUrl: URL, config: RuntimeConfig): Promise<void> {
  const log = createLogger(config.logLevel, (line) => process.stderr.write(line), '[main]');
  const gate = new InputGate(process.stdin);
  const credit = new BatchCredit(config.workers, gate);
  const writer = new StdoutWriter(process.stdout, (blocked) => (blocked ? gate.hold('stdout') : gate.release('stdout')), stdoutFailed);
  // Main keeps the SeenSet so its contents outlive any one worker.
  const seenSet = SeenSet.create(config.seenCapacity);
  // Main keeps each input batch until its worker settles it, to replay it if that worker dies.
  const ledger = new InputLedger(config.workers);
  let ended = 0;
  let spread = false;
  let allEnded: () => void = () => {};
  const onMessage = (index: number, message: WorkerToMain) => {
    if (message.type === 'out') {
      if (TRACING) traceFromWorker(index, message.sentAt);
      writer.write(message.text);
    }
    else if (message.type === 'consumed') {
      credit.consumed(index, message.batches);
      if (message.settled !== undefined) ledger.settled(index, message.settled);
      if (message.settled !== undefined && index === 0) earlyBatchSettled();
    } else if (message.type === 'settled') {
      ledger.settled(index, message.seq);
      if (index === 0) earlyBatchSettled();
    } else if (message.type === 'initialised') {
      spread = true;
      earlyBatchSettled();
    }
    else if (message.type === 'ended' && ++ended === config.workers) allEnded();
    else if (message.type === 'exit') exitAsAsked(index, message.code);
  };
  // Once: a second worker's exit (or a replacement's) must not restart the countdown.
  let exiting = false;
  const exitAsAsked = (index: number, code: number) => {
    if (exiting) return;
    exiting = true;
    log.error(`a handler on worker ${index} called process.exit(${code}): the node exits with status ${code}, as a one-thread Node program would`);
    gate.hold('exit');
    // Whatever the workers posted before their exit is written first; then the process ends.
    void writer.idle().then(() => process.stdout.write('', () => process.exit(code)));
  };
  const workersReady = NodeWorkers.start({
    count: config.workers,
    definitionUrl: definitionUrl.href,
    args: process.argv.slice(2),
    seenSet,
    logLevel: config.logLevel,
    log,
    onMessage,
    onDeath: (index) => {
      credit.lost(index);
      const dropped = ledger.died(index);
      if (dropped.length > 0) log.error(`worker ${index}: input batch(es) ${dropped.join(', ')} dropped: a replacement died with them unsettled again (poison input?)`);
    },
    journalBytes: config.journalBytes,
    killWorker: config.killWorker,
    replayInput: (index) =>
      ledger.pending(index).map(({ seq, lines }) => {
        credit.posted(index);
        return { type: 'lines', lines, seq };
      }),
  });
  // Lines posted before the workers finish setup wait in their ports, so reading starts at once.
  let handles: { data: { postMessage(message: unknown): void } }[] = [];
  const early: { lines: string[]; seq: number }[] = [];
  let next = 0;
  // Before init is out, worker 0 gets one batch at a time, the next once it has settled the one
  // before (whose init, if it held init, is then done); the rest waits here, with stdin paused.
  // Otherwise a node fed from a file piles its whole input onto worker 0, which holds it all back
  // while its siblings initialise and then handles it alone: 2.3x slower than one worker.
  const waiting: string[][] = [];
  let earlyInFlight = false;
  const earlyBatchSettled = () => {
    earlyInFlight = false;
    while (waiting.length > 0 && (spread || !earlyInFlight)) post(waiting.shift()!);
    if (waiting.length === 0) gate.release('init');
  };
  const post = (lines: string[]) => {
    if (lines.length === 0) return;
    if (!spread && config.workers > 1) {
      if (earlyInFlight) {
        waiting.push(lines);
        gate.hold('init');
        return;
      }
      earlyInFlight = true;
    }
    // Until a worker reports init done, everything goes to worker 0: the init line is among those
    // lines, and main cannot tell which one it is without parsing.
    let index = 0;
    if (spread) {
      index = next;
      next = (next + 1) % handles.length;
    }
    credit.posted(index);
    const seq = ledger.record(index, lines);
    if (handles.length === 0) early.push({ lines, seq });
    else handles[index].data.postMessage(TRACING ? stampedLines(lines, index, seq) : { type: 'lines', lines, seq });
  };
  const splitter = new LineSplitter();
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    const start = TRACING ? traceNow() : 0;
    post(splitter.push(chunk));
    if (TRACING) traceChunk(start, chunk.length);
  });
  const stdinEnded = new Promise<void>((resolve) => (process.stdin.once('end', resolve), process.stdin.once('close', resolve)));

  const workers = await workersReady;
  // The same array NodeWorkers updates when it replaces a dead worker.
  handles = workers.handles;
  for (const { lines, seq } of early.splice(0)) handles[0].data.postMessage({ type: 'lines', lines, seq });
  log.debug(`${config.workers} worker(s) ready`);

  await stdinEnded;
  post(splitter.end());
  const flushed = new Promise<void>((resolve) => (allEnded = resolve));
  workers.endAll();
  await flushed;
  if (TRACING) await writeNodeTrace(config.workers, log);
  if (log.enabled('info')) log.info(`stats ${JSON.stringify(await workers.stats())}`);
  await workers.shutdown();
  await writer.idle();
}

async function runInline(definitionUrl: URL, config: RuntimeConfig): Promise<void> {
  // Benchmark baseline only: the definition runs on the main thread, so this path imports node code.
  const { runInlineOnStdio } = await import('./inline-mode.js');
  await runInlineOnStdio(definitionUrl, config);
}
