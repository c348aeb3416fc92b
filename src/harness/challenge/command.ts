/**
 * The `glomers challenge <id|all>` command: flags, validation at the edge, and printing. Flags it
 * does not know (e.g. `--rate 10000`, `--latency-dist exponential`) are passed through to every
 * `glomers test` run, after the official flags, so they override them.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { formatReport } from './format.js';
import { runChallenges, type HarnessRunner } from './run.js';
import { spawnRunner } from './spawn.js';
import { CHALLENGE_IDS, selectChallenges } from './table.js';

/** Exit code for bad arguments, as `glomers test` (Maelstrom's). */
const EXIT_BAD_ARGS = 254;

/** Flags of one challenge session. */
export interface ChallengeFlags {
  /** Store root for the runs (default 'store'). */
  store?: string;
  /** --seed passed to every run. */
  seed?: number;
  /** --nemesis passed to every run ('partition'). */
  nemesis?: string;
  /** Skip the extra runs some targets need. */
  officialOnly?: boolean;
  /** Directory of the node binaries (default dist/bin). */
  binDir?: string;
  /** Unknown flags, passed through to every run. */
  extra?: string[];
}

/** Where a session writes and how it runs the harness; defaults are the real process. */
export interface ChallengeIo {
  /** The table (stdout). */
  out?: (text: string) => void;
  /** Progress and errors (stderr). */
  err?: (text: string) => void;
  cwd?: string;
  /** Replaces the child-process runner (tests). */
  runner?: HarnessRunner;
}

/**
 * Runs `glomers challenge <id>` with parsed flags and resolves with the exit code: 0 iff every
 * built challenge passed its official criteria, 1 otherwise, 254 for an unknown id. Matches
 * `CliHandlers.challenge` in src/harness/cli.ts.
 */
export async function runChallengeCommand(id: string, flags: ChallengeFlags = {}, io: ChallengeIo = {}): Promise<number> {
  const out = io.out ?? ((text: string) => process.stdout.write(text));
  const err = io.err ?? ((text: string) => process.stderr.write(text));
  const challenges = selectChallenges(id);
  if (!challenges) {
    err(`glomers challenge: unknown challenge ${JSON.stringify(id)} (expected one of ${CHALLENGE_IDS.join(', ')}, all)\n`);
    return EXIT_BAD_ARGS;
  }
  const cwd = io.cwd ?? process.cwd();
  const store = flags.store ?? 'store';
  const note = (line: string): void => void err(line + '\n');
  const extraArgs = [
    ...(flags.seed !== undefined ? ['--seed', String(flags.seed)] : []),
    ...(flags.nemesis !== undefined ? ['--nemesis', flags.nemesis] : []),
    ...(flags.extra ?? []),
  ];
  const report = await runChallenges(challenges, {
    runner: io.runner ?? spawnRunner({ cwd, storeRoot: store, note }),
    cwd,
    binDir: flags.binDir,
    extraArgs,
    officialOnly: flags.officialOnly,
    note,
  });
  out(formatReport(report, cwd) + '\n');
  return report.exitCode;
}

const seedArg = (value: string): number => {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a seed (an integer >= 0)');
  return Number(value);
};
const nemesisArg = (value: string): string => {
  if (value !== 'partition') throw new InvalidArgumentError('expected partition (the only fault)');
  return value;
};

/**
 * Adds the `challenge` subcommand to a commander program. Its exit code is stored as the program's
 * 'exitCode' option value, as src/harness/cli.ts `main` reads it.
 */
export function registerChallengeCommand(program: Command, io: ChallengeIo = {}): Command {
  const command = program
    .command('challenge')
    .description('Runs Gossip Glomers challenges (1, 2, 3a..6c, or all) with their official commands against our nodes and prints the figures beside the official criteria and our targets.')
    .argument('<id>', `challenge id: ${CHALLENGE_IDS.join(', ')}, or all`)
    .argument('[extra...]', 'other `glomers test` flags, passed through to every run (e.g. --rate 10000)')
    .option('--seed <n>', 'seed passed to every run', seedArg)
    .option('--nemesis <faults>', 'add a fault to every run (partition)', nemesisArg)
    .option('--store <dir>', 'store root', 'store')
    .option('--official-only', 'skip the extra runs that some of our targets need', false)
    .option('--bin-dir <dir>', 'directory of the node binaries', 'dist/bin')
    .allowUnknownOption()
    .action(async (id: string, extra: string[], flags: ChallengeFlags) => {
      program.setOptionValue('exitCode', await runChallengeCommand(id, { ...flags, extra }, io));
    });
  command.exitOverride();
  return command;
}

/**
 * Parses `<id> [flags]` (argv without node, script and the word 'challenge') and runs; resolves
 * with the exit code. The entry of src/harness/challenge/main.ts.
 */
export async function challengeMain(argv: readonly string[], io: ChallengeIo = {}): Promise<number> {
  const err = io.err ?? ((text: string) => process.stderr.write(text));
  const program = new Command('glomers').exitOverride();
  if (io.out || io.err) program.configureOutput({ writeOut: io.out ?? ((s) => process.stdout.write(s)), writeErr: err });
  registerChallengeCommand(program, io);
  try {
    await program.parseAsync(['challenge', ...argv], { from: 'user' });
    return (program.getOptionValue('exitCode') as number | undefined) ?? 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.code === 'commander.helpDisplayed' || e.code === 'commander.help' ? 0 : EXIT_BAD_ARGS;
    err(`glomers challenge: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 255;
  }
}
