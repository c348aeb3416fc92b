/**
 * Drives a node binary over pipes the way Maelstrom does: JSON lines in, JSON lines out, with the
 * stdout lines collected and a way to wait for the replies a test is owed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';

/** A spawned node and everything it has written so far. */
export interface NodeUnderTest {
  child: ChildProcessWithoutNullStreams;
  /** Raw stdout lines, in order. */
  lines: string[];
  stderr: string[];
  /** Writes lines to stdin (a newline is added to each), waiting for drain when needed. */
  write(lines: string[]): Promise<void>;
  /** Resolves once `predicate` holds for the collected lines, rejects after `timeoutMs`. */
  waitFor(predicate: (lines: string[]) => boolean, timeoutMs: number): Promise<void>;
  /** Closes stdin and resolves with the exit code once the process has gone. */
  close(): Promise<number | null>;
}

/** Starts `bin` with `args`; stdout is split into lines as it arrives. */
export function startNode(bin: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): NodeUnderTest {
  const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  const lines: string[] = [];
  const stderr: string[] = [];
  let partial = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => stderr.push(chunk));
  child.stdin.on('error', () => {}); // a node that died is reported by the test's own checks

  return {
    child,
    lines,
    stderr,
    async write(input) {
      const text = input.map((l) => `${l}\n`).join('');
      if (!child.stdin.write(text)) await once(child.stdin, 'drain');
    },
    waitFor(predicate, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(lines)) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms; ${lines.length} lines so far; stderr tail: ${stderr.join('').slice(-500)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      child.stdin.end();
      if (child.exitCode !== null) return child.exitCode;
      const [code] = await once(child, 'exit');
      return code as number | null;
    },
  };
}

/** The init line Maelstrom sends first. */
export function initLine(nodeId: string, nodeIds: string[], msgId = 1): string {
  return JSON.stringify({ id: 0, src: 'c0', dest: nodeId, body: { type: 'init', node_id: nodeId, node_ids: nodeIds, msg_id: msgId } });
}

/** Parses a line as a protocol message, or explains why it is not one (closed envelope, SPEC §1.2). */
export function protocolProblem(line: string): string | undefined {
  let msg: unknown;
  try {
    msg = JSON.parse(line);
  } catch {
    return `not JSON: ${line.slice(0, 200)}`;
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return `not an object: ${line.slice(0, 200)}`;
  const m = msg as Record<string, unknown>;
  for (const key of Object.keys(m)) if (!['id', 'src', 'dest', 'body'].includes(key)) return `extra top-level key ${key}`;
  if (typeof m.src !== 'string' || typeof m.dest !== 'string') return 'src/dest not strings';
  if (typeof m.body !== 'object' || m.body === null || Array.isArray(m.body)) return 'body not an object';
  if (typeof (m.body as Record<string, unknown>).type !== 'string') return 'body.type not a string';
  return undefined;
}
