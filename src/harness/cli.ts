/**
 * `glomers test` flags, Maelstrom's names and defaults (SPEC §7). Every value is validated here, at
 * the edge; a bad one names the flag, the value and what was expected, and exits 254 as
 * Maelstrom does for bad arguments.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { LATENCY_DISTS, type LatencyDist } from './net/latency.js';
import { DEFAULT_NODES, DEFAULTS, HarnessError, type TestOptions } from './options.js';
import { randomSeed } from './rng.js';
import { TOPOLOGY_KINDS } from './topology.js';
import { MAELSTROM_WORKLOADS, WORKLOADS } from './workloads/index.js';

/** Exit code for bad arguments (J:cli.clj). */
export const EXIT_BAD_ARGS = 254;
/** Exit code for a crashed run. */
export const EXIT_CRASH = 255;

/** What the CLI runs; injected so tests can parse without running. */
export interface CliHandlers {
  test(options: TestOptions): Promise<number>;
  /**
   * Adds more subcommands (`challenge`). A subcommand stores its exit code with
   * `program.setOptionValue('exitCode', code)`, which `main` returns.
   */
  extend?(program: Command): void;
}

const int = (what: string, min: number) => (value: string): number => {
  if (!/^-?\d+$/.test(value.trim()) || Number(value) < min) throw new InvalidArgumentError(`expected ${what} (an integer >= ${min})`);
  return Number(value);
};
const num = (what: string, min: number, strictlyAbove = false) => (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || (strictlyAbove && n === min)) {
    throw new InvalidArgumentError(`expected ${what} (a number ${strictlyAbove ? '>' : '>='} ${min})`);
  }
  return n;
};

/** `-w`: one of Maelstrom's workload names, or one registered with registerWorkload. */
function workloadName(value: string): string {
  if (!MAELSTROM_WORKLOADS.includes(value) && !WORKLOADS.has(value)) throw new InvalidArgumentError(`expected one of ${MAELSTROM_WORKLOADS.join(', ')}`);
  return value;
}

/** `--concurrency`: an integer, or `Kn` meaning K × node count. */
export function parseConcurrency(value: string): { n: number; perNode: boolean } {
  const m = /^(\d+)(n?)$/.exec(value.trim());
  if (!m || Number(m[1]) < 1) throw new InvalidArgumentError('expected a positive integer or Kn (K times the node count), e.g. 10 or 2n');
  return { n: Number(m[1]), perNode: m[2] === 'n' };
}

/** `--availability`: `total` or a fraction in [0, 1]. */
export function parseAvailability(value: string): 'total' | number {
  if (value === 'total') return 'total';
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected total or a number from 0 to 1');
  return n;
}

/** `--nemesis`: a comma-separated list of faults; only partition exists. */
export function parseNemesis(value: string): string[] {
  const faults = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const f of faults) if (f !== 'partition') throw new InvalidArgumentError(`expected a comma-separated list of faults; the only fault is partition (got ${JSON.stringify(f)})`);
  return faults;
}

/** Builds the program; `handlers` run the parsed command. */
export function buildProgram(handlers: CliHandlers, output?: { out: (s: string) => void; err: (s: string) => void }): Command {
  const program = new Command('glomers').description('A JVM-free, Maelstrom-compatible test harness and the Gossip Glomers challenges.');
  program.exitOverride();
  if (output) program.configureOutput({ writeOut: output.out, writeErr: output.err });
  const test = program
    .command('test')
    .description('Runs a Maelstrom workload against a node binary (same flags as `maelstrom test`).')
    .argument('[args...]', "extra arguments passed to the node's argv")
    .addOption(new Option('-w, --workload <name>', `workload: ${MAELSTROM_WORKLOADS.join(', ')}`).default(DEFAULTS.workload).argParser(workloadName))
    .requiredOption('--bin <file>', 'the node executable')
    .option('--node-count <n>', 'nodes n0..n{N-1} (default: n1..n5)', int('a node count', 1))
    .option('-n, --node <host>', 'a node name (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--nodes <a,b,...>', 'comma-separated node names', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .addOption(new Option('--concurrency <c>', 'client threads: an integer or Kn (K × nodes)').argParser(parseConcurrency).default({ n: 1, perNode: true }, '1n'))
    .option('--time-limit <s>', 'seconds of main phase', num('a number of seconds', 0), DEFAULTS.timeLimitS)
    .option('--rate <r>', 'total requests per second', num('a request rate', 0), DEFAULTS.rate)
    .option('--latency <ms>', 'mean latency between non-clients, ms', int('a latency in ms', 0), DEFAULTS.latencyMs)
    .addOption(new Option('--latency-dist <dist>', 'latency distribution').choices([...LATENCY_DISTS]).default(DEFAULTS.latencyDist))
    .addOption(new Option('--nemesis <faults>', 'comma-separated faults (partition)').argParser(parseNemesis).default([], 'none'))
    .option('--nemesis-interval <s>', 'mean seconds between nemesis ops', num('a number of seconds', 0, true), DEFAULTS.nemesisIntervalS)
    .addOption(new Option('--topology <kind>', 'broadcast topology').choices([...TOPOLOGY_KINDS]).default(DEFAULTS.topology))
    .option('--availability <a>', 'total, or a minimum ok fraction in [0, 1]', parseAvailability)
    .option('--log-stderr', "echo nodes' stderr to the console", false)
    .option('--log-net-send', 'log every message sent', false)
    .option('--log-net-recv', 'log every message delivered', false)
    .option('--consistency-models <m>', 'txn workloads: the consistency model', DEFAULTS.consistencyModels)
    .option('--key-count <n>', 'txn workloads: active keys', int('a key count', 1))
    .option('--max-txn-length <n>', 'txn workloads: max micro-ops per txn', int('a txn length', 1), DEFAULTS.maxTxnLength)
    .option('--max-writes-per-key <n>', 'txn workloads: writes per key before it is retired', int('a write count', 1), DEFAULTS.maxWritesPerKey)
    .option('--test-count <n>', 'repeat the test', int('a test count', 1), 1)
    .option('--seed <n>', 'seed for every random choice (glomers only; default: random, printed)', int('a seed', 0))
    .option('--store <dir>', 'store root (glomers only)', DEFAULTS.storeRoot)
    .option('--recovery-time <s>', 'seconds of quiet before final reads (glomers only; Maelstrom: 10)', num('a number of seconds', 0), DEFAULTS.recoveryS)
    .option('--nodes-file <file>', 'a file of node names, one per line')
    .option('--trace', 'profile the nodes: each writes a Chrome trace to <run folder>/traces/ (glomers only; see glomers profile)', false)
    .action(async (args: string[], flags: Record<string, unknown>) => {
      const options = toTestOptions(args, flags);
      // Jepsen's test command exits at the first test that is not valid (1 invalid, 2 unknown)
      // rather than running the rest: that run's store folder is the one to read.
      let code = 0;
      for (let k = 0; k < (flags.testCount as number) && code === 0; k++) {
        code = await handlers.test({ ...options, seed: k === 0 ? options.seed : randomSeed() });
      }
      program.setOptionValue('exitCode', code);
    });
  // Jepsen leftovers Maelstrom accepts and ignores (it sets :ssh {:dummy? true}); so do we.
  for (const flag of ['--username <u>', '--password <p>', '--ssh-private-key <file>', '--strict-host-key-checking', '--no-ssh', '--leave-db-running', '--logging-json']) {
    test.addOption(new Option(flag).hideHelp());
  }
  test.exitOverride();
  handlers.extend?.(program);
  return program;
}

/** Builds TestOptions from parsed flags; checks what commander cannot (workload availability, --bin). */
export function toTestOptions(args: string[], flags: Record<string, unknown>): TestOptions {
  const workload = flags.workload as string;
  if (!WORKLOADS.has(workload)) throw new HarnessError(`--workload ${workload}: glomers does not implement this workload yet (available: ${[...WORKLOADS.keys()].join(', ')})`, 254);
  // Nodes run in the temp dir (as under Maelstrom), so a relative path is resolved here.
  const given = flags.bin as string;
  if (given.includes('/') && !existsSync(given)) throw new HarnessError(`--bin ${given}: no such file`, 254);
  // Maelstrom runs the file itself, so a built .js without its execute bit fails only once the
  // nodes spawn (EACCES); say so here, with the fix.
  if (given.includes('/') && !isExecutableFile(given)) {
    throw new HarnessError(`--bin ${given}: not an executable file; run chmod +x ${given} (it also needs a #! line, e.g. #!/usr/bin/env node)`, 254);
  }
  const bin = given.includes('/') ? resolve(given) : given;
  const nodeCount = flags.nodeCount as number | undefined;
  const nodes =
    nodeCount !== undefined
      ? Array.from({ length: nodeCount }, (_, i) => `n${i}`)
      : ((flags.nodes as string[] | undefined) ?? (flags.node as string[] | undefined) ?? nodesFromFile(flags.nodesFile as string | undefined) ?? DEFAULT_NODES);
  const concurrency = flags.concurrency as { n: number; perNode: boolean };
  const latency = { mean: flags.latency as number, dist: flags.latencyDist as LatencyDist };
  return {
    workload,
    bin,
    binArgs: args,
    nodes,
    concurrency: concurrency.perNode ? concurrency.n * nodes.length : concurrency.n,
    timeLimitS: flags.timeLimit as number,
    rate: flags.rate as number,
    latency,
    nemesis: flags.nemesis as string[],
    nemesisIntervalS: flags.nemesisInterval as number,
    topology: flags.topology as string,
    availability: flags.availability as TestOptions['availability'],
    logStderr: flags.logStderr as boolean,
    logNetSend: flags.logNetSend as boolean,
    logNetRecv: flags.logNetRecv as boolean,
    // Maelstrom splits only on whitespace-comma-whitespace (SPEC §2.8); we do the same.
    consistencyModels: (flags.consistencyModels as string).split(/\s*,\s*/).filter(Boolean),
    keyCount: flags.keyCount as number | undefined,
    maxTxnLength: flags.maxTxnLength as number,
    maxWritesPerKey: flags.maxWritesPerKey as number,
    seed: (flags.seed as number | undefined) ?? randomSeed(),
    storeRoot: flags.store as string,
    recoveryS: flags.recoveryTime as number,
    trace: flags.trace as boolean,
  };
}

function nodesFromFile(path: string | undefined): string[] | undefined {
  if (path === undefined) return undefined;
  if (!existsSync(path)) throw new HarnessError(`--nodes-file ${path}: no such file`, 254);
  return readFileSync(path, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
}

/** Parses argv (without node and script) and runs; resolves with the process exit code. */
export async function main(argv: string[], handlers: CliHandlers, output?: { out: (s: string) => void; err: (s: string) => void }): Promise<number> {
  const err = output?.err ?? ((s: string) => process.stderr.write(s));
  const program = buildProgram(handlers, output);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return (program.getOptionValue('exitCode') as number | undefined) ?? 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return EXIT_BAD_ARGS; // commander already printed "error: ..." naming the flag and value
    }
    if (e instanceof HarnessError) {
      err(`glomers: ${e.message}\n`);
      return e.exitCode;
    }
    err(`glomers: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT_CRASH;
  }
}

/** Whether `path` is a regular file this process may execute. */
function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
