/**
 * One `glomers test` run, in Maelstrom's order (SPEC §0): spawn the nodes, init them, begin
 * relative time, client setup, the generator (main phase, then recovery and the final phase),
 * teardown, analysis, outputs, verdict.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ClientFactory, type MaelstromClient } from './clients.js';
import { Interpreter, sleep } from './interpreter.js';
import { realClock, type Clock } from './net/clock.js';
import { Journal } from './net/journal.js';
import { latencySampler } from './net/latency.js';
import { LatenessSamples } from './net/lateness.js';
import { Network } from './net/network.js';
import { preciseTimer } from './net/timer.js';
import { PartitionNemesis } from './nemesis-runner.js';
import { HarnessError, type TestOptions } from './options.js';
import { NodeProcess } from './process/node-process.js';
import type { NodeFault } from './process/limits.js';
import { Progress, type ProgressStream } from './progress.js';
import { HistoryRecorder } from './recorder.js';
import { createRng } from './rng.js';
import { attachServices } from './services/attach.js';
import { toJson, writeOutputs } from './output/outputs.js';
import { opLogLines } from './output/op-log.js';
import { writeReport } from './report/html.js';
import { createRunStore } from './output/store.js';
import { WORKLOADS } from './workloads/index.js';
import type { Workload } from './workload.js';
import { NEMESIS, type Op } from './history.js';
import { analyzeHistory, printResults, workloadOptionsFor } from './analysis.js';

/** Maelstrom's init timeout. */
const INIT_TIMEOUT_MS = 10_000;

export { VERDICTS } from './analysis.js';

/** What a finished run produced. */
export interface RunOutcome {
  /** 0 valid, 1 invalid, 2 unknown. */
  exitCode: 0 | 1 | 2;
  results: Record<string, unknown>;
  /** The run's store folder. */
  dir: string;
  /** The full history. */
  history: Op[];
  /** Every send and delivery. */
  journal: Journal;
}

/** Hooks for embedding a run (tests, the challenge table, services). */
export interface RunHooks {
  /** Console output; default process.stdout. */
  print?: (line: string) => void;
  /**
   * Where the progress status goes (src/harness/progress.ts). Default: process.stderr when
   * `print` is not given (the CLI), none otherwise. A live line is drawn only on a terminal.
   */
  progress?: ProgressStream | false;
  /** Called with the network before any node starts: plug in-process participants here. */
  onNetwork?: (network: Network, options: TestOptions) => void;
  /** Called once the node processes are spawned (before init), e.g. to sample their memory. */
  onNodes?: (nodes: ReadonlyArray<{ id: string; pid: number | undefined }>) => void;
  clock?: Clock;
}

/** Runs one test. Rejects with HarnessError (exit 254/255) when the run cannot complete. */
export async function runTest(options: TestOptions, hooks: RunHooks = {}): Promise<RunOutcome> {
  const workload = WORKLOADS.get(options.workload);
  if (!workload) throw new HarnessError(`--workload ${options.workload}: not implemented in glomers yet (known: ${[...WORKLOADS.keys()].join(', ')})`, 254);
  const store = createRunStore(options.storeRoot, options.workload);
  // jepsen.log, as Maelstrom names its log, so scripts that grep it keep working.
  const logFile = createWriteStream(join(store.dir, 'jepsen.log'));
  // The options of the run, seed included: enough to repeat its random choices.
  writeFileSync(join(store.dir, 'test.json'), toJson(options, 2) + '\n');
  const stdout = hooks.print ?? ((line: string) => process.stdout.write(line + '\n'));
  const stream = hooks.progress ?? (hooks.print ? false : process.stderr);
  const progress = stream ? new Progress({ stream, label: options.workload }) : undefined;
  // On a terminal the live status line shares stderr with the log lines, which it redraws around.
  const print = progress && stream && stream.isTTY ? (line: string) => progress.log(line) : stdout;
  const log = (text: string): void => {
    const line = `${new Date().toISOString().slice(11, 23)} INFO ${text}`;
    print(line);
    if (!logFile.writableEnded) logFile.write(line + '\n');
  };
  const warn = (text: string): void => {
    const line = `${new Date().toISOString().slice(11, 23)} WARN ${text}`;
    print(line);
    if (!logFile.writableEnded) logFile.write(line + '\n');
  };
  try {
    progress?.start();
    log(`Running ${options.workload} test on ${options.nodes.length} node(s) with seed ${options.seed}; store ${store.dir}`);
    return await runIn(options, workload, store, { ...hooks, print: stdout }, log, warn, progress);
  } catch (e) {
    // The CLI prints the reason on stderr; the run folder keeps it too, for whoever reads it later.
    if (!logFile.writableEnded) logFile.write(`${new Date().toISOString().slice(11, 23)} ERROR ${(e as Error).message}\n`);
    throw e;
  } finally {
    progress?.stop();
    await new Promise<void>((resolve) => logFile.end(resolve));
  }
}

async function runIn(
  options: TestOptions,
  workload: Workload,
  store: { dir: string; nodeLogs: string },
  hooks: RunHooks,
  log: (text: string) => void,
  warn: (text: string) => void,
  progress: Progress | undefined,
): Promise<RunOutcome> {
  const rng = createRng(options.seed);
  const clock = hooks.clock ?? realClock();
  const journal = new Journal();
  const history = new HistoryRecorder((op) => {
    if (op.type !== 'invoke' && op.process !== NEMESIS) progress?.opCompleted(op.type);
    for (const line of opLogLines(op, options.concurrency)) (line.level === 'WARN' ? warn : log)(line.text);
  });
  const network = new Network({
    clock,
    journal,
    latency: latencySampler(options.latency, rng.fork('latency').next),
    onSend: options.logNetSend ? (m) => log(`send ${JSON.stringify({ id: m.id, src: m.src, dest: m.dest, body: m.body })}`) : undefined,
    onRecv: options.logNetRecv ? (m) => log(`recv ${JSON.stringify({ id: m.id, src: m.src, dest: m.dest, body: m.body })}`) : undefined,
    timer: preciseTimer(),
  });
  const lateness = new LatenessSamples();
  network.lateness = lateness;
  // Once teardown starts, replies to the clients it closes are expected to bounce: not news.
  let tearingDown = false;
  const runWarn = (text: string): void => {
    if (!tearingDown) warn(text);
  };
  // Maelstrom starts lin-kv, seq-kv, lww-kv and lin-tso for every test (SPEC §0 step 3).
  attachServices(network, { random: rng.fork('services').next, warn: runWarn });
  hooks.onNetwork?.(network, options);
  const clients = new ClientFactory(network);
  const workloadOptions = workloadOptionsFor(options, rng.fork('workload').next);
  // Under --trace each node writes <run>/traces/<id>.trace.json when its stdin ends (glomers profile).
  // Nodes run in a temp folder, so a relative folder (the default store is ./store, and a user may
  // set GLOMERS_TRACE=traces) would land there: both are made absolute against our cwd.
  const inheritedTrace = process.env.GLOMERS_TRACE;
  const traceEnv = options.trace
    ? { GLOMERS_TRACE: resolve(store.dir, 'traces') }
    : inheritedTrace
      ? { GLOMERS_TRACE: resolve(inheritedTrace) }
      : undefined;
  const graceful = traceEnv !== undefined;
  // What nodes did to the harness (invalid lines, floods...): judged by the node-faults checker.
  const faults: NodeFault[] = [];
  const nodes = options.nodes.map(
    (id) =>
      new NodeProcess({
        id, bin: options.bin, args: options.binArgs, network, logPath: join(store.nodeLogs, `${id}.log`), logStderr: options.logStderr, warn: runWarn, env: traceEnv,
        onFault: (fault) => faults.push(fault),
      }),
  );
  hooks.onNodes?.(nodes);
  const setupClients: MaelstromClient[] = [];
  const interpreter = new Interpreter({ workload, workloadOptions, nodes: options.nodes, concurrency: options.concurrency, clients, clock, history, rng: rng.fork('stagger') });
  let nemesis: PartitionNemesis | undefined;
  let failure: HarnessError | undefined;
  let crashedMidRun = false;
  try {
    await initNodes(nodes, options.nodes, clients);
    log('Relative time begins now');
    const shift = clock.startRelativeTime();
    journal.shiftTimes(shift); // init happened before time began
    network.partitions.heal();
    setupClients.push(...options.nodes.map((node) => clients.open(node)));
    if (workload.setup) await Promise.all(setupClients.map((client) => workload.setup!(client, workloadOptions))).catch((e: Error) => {
      throw new HarnessError(`client setup failed: ${e.message}`, 255);
    });
    if (options.nemesis.includes('partition')) {
      nemesis = new PartitionNemesis({ network, nodes: options.nodes, intervalS: options.nemesisIntervalS, rng: rng.fork('nemesis'), clock, history, onOp: () => interpreter.nemesisDispatched() });
    }
    nemesis?.start();
    progress?.phase('main', options.timeLimitS);
    // The time limit covers the nemesis too: no nemesis op while in-flight client ops drain.
    let nemesisDeadline: NodeJS.Timeout | undefined;
    const onFirstOp = (): void => {
      nemesisDeadline = setTimeout(() => void nemesis?.stop(), options.timeLimitS * 1000);
    };
    await interpreter.runMain(workload.generator(workloadOptions), options.rate, options.timeLimitS, onFirstOp);
    clearTimeout(nemesisDeadline);
    await nemesis?.stop();
    if (workload.finalGenerator) {
      nemesis?.stopPartition();
      network.partitions.heal();
      log('Waiting for recovery...');
      progress?.phase('recovery', options.recoveryS);
      await sleep(options.recoveryS * 1000);
      progress?.phase('final');
      await interpreter.runFinal(workload.finalGenerator(workloadOptions));
    }
    log(`Run complete: ${history.ops.length} history ops, ${journal.length} journal events`);
  } catch (e) {
    failure = e instanceof HarnessError ? e : new HarnessError(`run crashed: ${(e as Error).stack ?? String(e)}`, 255);
  } finally {
    tearingDown = true;
    // From here on nodes answer clients being closed and gossip to nodes being killed: unread, unwarned.
    for (const node of nodes) node.closeOutput();
    await nemesis?.stop();
    interpreter.close();
    for (const client of setupClients) client.close();
    network.partitions.heal();
    const crashed = nodes.filter((n) => n.crashed);
    await Promise.all(nodes.map((n) => (graceful ? n.close(10_000) : n.kill())));
    network.close();
    if (!failure && crashed.length) {
      const node = crashed[0];
      await node.whenClosed();
      failure = new HarnessError(node.spawnError ? `Node ${node.id} could not be started: ${node.spawnError.message}` : node.crashReport(), 255);
      crashedMidRun = !node.spawnError;
    }
  }
  if (failure) {
    // Maelstrom's test crashes here, unanalysed. The history is complete, though, so glomers still
    // writes its results (node-faults names the exit), for whoever opens the run folder afterwards.
    const results = crashedMidRun ? await analyzeHistory(workload, workloadOptions, options, history.ops, journal, faults, lateness.summary()) : undefined;
    await writeOutputs(store.dir, history.ops, journal, results);
    throw failure;
  }
  log('Analyzing...');
  progress?.phase('analysis');
  const results = await analyzeHistory(workload, workloadOptions, options, history.ops, journal, faults, lateness.summary());
  await writeOutputs(store.dir, history.ops, journal, results);
  log(`Analysis complete; results in ${join(store.dir, 'results.edn')}`);
  await writeReport(store.dir, { history: history.ops, journal: journal.events, results, test: { ...options, timeLimit: options.timeLimitS } }).then(
    (path) => log(`Report: ${path}`),
    (e: Error) => warn(`report.html not written: ${e.message}`), // a report is a view; it never fails a run
  );
  progress?.stop();
  const exitCode = printResults(results, hooks.print!);
  return { exitCode, results, dir: store.dir, history: history.ops, journal };
}

/** Sends init to every node from fresh clients c0..c{N-1}; anything but init_ok within 10 s aborts. */
async function initNodes(processes: NodeProcess[], nodeIds: string[], clients: ClientFactory): Promise<void> {
  const initClients = nodeIds.map((node) => clients.open(node));
  try {
    await Promise.all(
      initClients.map(async (client, i) => {
        const proc = processes[i];
        const reply = await Promise.race([client.request({ type: 'init', node_id: client.node, node_ids: nodeIds }, INIT_TIMEOUT_MS), proc.whenExited().then(() => undefined)]);
        if (proc.spawnError) throw new HarnessError(`Node ${proc.id} could not be started (--bin): ${proc.spawnError.message}`, 255);
        if (!reply) {
          if (proc.exit) {
            await proc.whenClosed();
            throw new HarnessError(`${proc.crashReport()}\n(It exited before replying to init.)`, 255);
          }
          const unread = proc.faults.length ? ` (its stdout was not read after: ${proc.faults[0].text.split('\n')[0]})` : '';
          throw new HarnessError(`Node ${client.node} did not reply to init within ${INIT_TIMEOUT_MS} ms${unread}`, 255);
        }
        if (reply.body.type !== 'init_ok') throw new HarnessError(`Expected an init_ok reply from ${client.node}, got ${JSON.stringify(reply.body)}`, 255);
      }),
    );
  } finally {
    for (const client of initClients) client.close();
  }
}

