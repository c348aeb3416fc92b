/**
 * Maelstrom's per-operation log lines (jepsen.util's log-op, as the guide shows them on the console
 * and in jepsen.log): `jepsen worker 0 - jepsen.util 0	:invoke	:echo	"Please echo 58"`. An op that
 * ended in an exception (a malformed reply, an uncaught timeout) also gets the interpreter's WARN,
 * `Process 0 crashed`, naming the problem, because that is where Maelstrom's reader looks for it.
 */
import { toEdnLine } from '../edn.js';
import { NEMESIS, type Op } from '../history.js';
import { historyTextLine } from './outputs.js';

/** One log line for the run's logger: its level and text. */
export interface OpLogLine {
  level: 'INFO' | 'WARN';
  text: string;
}

/** The log lines for one recorded op; `concurrency` maps a process to its worker thread. */
export function opLogLines(op: Op, concurrency: number): OpLogLine[] {
  // Jepsen names the thread, not the process: process p runs on worker p mod concurrency.
  const thread = op.process === NEMESIS ? 'jepsen nemesis' : `jepsen worker ${op.process % concurrency}`;
  const lines: OpLogLine[] = [{ level: 'INFO', text: `${thread} - jepsen.util ${historyTextLine(op)}` }];
  if (op.type === 'info' && op.exception !== undefined && op.process !== NEMESIS) {
    lines.push({ level: 'WARN', text: `${thread} - jepsen.generator.interpreter Process ${op.process} crashed: ${describeException(op.exception)}` });
  }
  return lines;
}

function describeException(exception: unknown): string {
  if (typeof exception !== 'object' || exception === null) return String(exception);
  const e = exception as { class?: unknown; message?: unknown; body?: unknown; code?: unknown; text?: unknown };
  if (e.class === 'malformed-rpc-response') {
    return `Malformed RPC response: ${String(e.message)}; received ${toEdnLine(e.body ?? null)}. See doc/protocol.md for the expected shapes.`;
  }
  if (e.class === 'rpc-error') return `RPC error ${String(e.code)}: ${String(e.text)}`;
  return `${String(e.class ?? 'exception')}: ${String(e.message ?? '')}`;
}
