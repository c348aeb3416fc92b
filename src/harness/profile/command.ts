/**
 * `glomers profile <run folder>`: prints the summary tables of a traced run (`glomers test --trace`,
 * or nodes run with GLOMERS_TRACE): one row per node thread, then one row per node, thread and
 * handler type. `--json` prints the figures as JSON instead.
 */
import type { Command } from 'commander';
import { profileTraces, traceFolder, type RunProfile, type Timing } from './summarize.js';

/** Where the command writes (stdout and stderr by default). */
export interface ProfileIo {
  out?: (text: string) => void;
  err?: (text: string) => void;
}

/** Runs the command; resolves with the exit code (0 printed, 1 no traces or unreadable). */
export async function runProfileCommand(run: string, flags: { json?: boolean } = {}, io: ProfileIo = {}): Promise<number> {
  const out = io.out ?? ((text: string) => process.stdout.write(text));
  const err = io.err ?? ((text: string) => process.stderr.write(text));
  const dir = traceFolder(run);
  if (!dir) {
    err(`glomers profile: no *.trace.json under ${run} or ${run}/traces (run glomers test with --trace)\n`);
    return 1;
  }
  let profile: RunProfile;
  try {
    profile = profileTraces(dir);
  } catch (error) {
    err(`glomers profile: ${(error as Error).message}\n`);
    return 1;
  }
  out(flags.json ? JSON.stringify(profile, null, 2) + '\n' : formatProfile(profile, dir));
  return 0;
}

/** The three tables as text: threads, handlers per node and thread, handlers over the whole run. */
export function formatProfile(run: RunProfile, dir: string): string {
  const profiles = run.threads;
  const threads = table(
    ['node', 'thread', 'busy %', 'handled', 'x-thread out', 'x-thread in', 'hop in p50 µs', 'hop in p99 µs', 'max queue (peer)', 'seen hit', 'seen miss', 'rpc timeouts', 'retries'],
    profiles.map((p) => [
      p.node,
      p.thread,
      p.busyPct.toFixed(1),
      String(Object.values(p.handlers).reduce((n, t) => n + t.count, 0)),
      String(p.posted),
      String(p.received),
      us(p.hopIn?.p50Us),
      us(p.hopIn?.p99Us),
      p.maxQueuePeer ? `${p.maxQueue} (${p.maxQueuePeer})` : '-',
      String(p.seenHits),
      String(p.seenMisses),
      String(p.rpcTimeouts),
      String(p.retries),
    ]),
  );
  const handlerRows = profiles.flatMap((p) => Object.entries(p.handlers).map(([type, t]: [string, Timing]) => [p.node, p.thread, type, String(t.count), us(t.p50Us), us(t.p99Us), t.totalMs.toFixed(1)]));
  const handlers = table(['node', 'thread', 'type', 'count', 'p50 µs', 'p99 µs', 'total ms'], handlerRows);
  const overall = table(['type', 'count', 'p50 µs', 'p99 µs', 'total ms'], Object.entries(run.handlers).map(([type, t]) => [type, String(t.count), us(t.p50Us), us(t.p99Us), t.totalMs.toFixed(1)]));
  const dropped = profiles.filter((p) => p.droppedEvents > 0).map((p) => `${p.node}/${p.thread} dropped ${p.droppedEvents} events (cap reached): its spans are a sample`);
  return [`traces: ${dir}`, '', 'threads', threads, '', 'handlers (synchronous part, per message type)', handlers, '', `handlers over all ${new Set(profiles.map((p) => p.node)).size} nodes`, overall, ...dropped, ''].join('\n');
}

function us(value: number | undefined): string {
  return value === undefined ? '-' : value < 10 ? value.toFixed(1) : value.toFixed(0);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 && isNaN(Number(c)) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * Adds the `profile` subcommand to a commander program; the exit code is stored as the program's
 * 'exitCode' option value, as src/harness/cli.ts `main` reads it.
 */
export function registerProfileCommand(program: Command, io: ProfileIo = {}): Command {
  const command = program
    .command('profile')
    .description('Summarises the node traces of a run made with `glomers test --trace` (or GLOMERS_TRACE): per node and thread, busy time, handlers, cross-thread hops, sender queues, seen-set, retries.')
    .argument('<run>', 'the run folder (e.g. store/broadcast/latest) or a folder of *.trace.json files')
    .option('--json', 'print the figures as JSON', false)
    .action(async (run: string, flags: { json?: boolean }) => {
      program.setOptionValue('exitCode', await runProfileCommand(run, flags, io));
    });
  command.exitOverride();
  return command;
}
