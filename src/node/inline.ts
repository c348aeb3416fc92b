/**
 * Runs a node definition on the current thread with injected input lines, output and clock: the
 * way unit tests drive a node (write JSON lines in, compare the lines out), and the single-thread
 * baseline mode of the runtime. Production nodes run in workers instead (src/main).
 */
import { createLogger, type Logger } from '../shared/log.js';
import { SeenSet } from '../shared/seen-set.js';
import { systemClock, type Clock } from './clock.js';
import type { NodeDefinition } from './define.js';
import { Node } from './node.js';

/** What an inline node is given instead of stdio and threads. */
export interface InlineOptions {
  /** Receives every outgoing line (no trailing newline). Default: collect into `lines`. */
  output?: (line: string) => void;
  /** Default systemClock; pass a FakeClock in tests. */
  clock?: Clock;
  /** Default: warnings and errors to stderr. */
  log?: Logger;
  /** Positional args. Default []. */
  args?: string[];
  /** Default a fresh SeenSet of capacity 65536. */
  seenSet?: SeenSet;
}

/** A node running on this thread. */
export interface InlineNode {
  node: Node;
  /** Every line written so far, when no `output` was given. */
  lines: string[];
  /** Feeds raw input lines, in order. */
  receive(...lines: string[]): void;
  /** Takes and clears the collected output lines, parsed. */
  take(): Array<{ src: string; dest: string; body: Record<string, unknown> }>;
}

/** Builds the node and runs the definition's setup; resolves when setup has finished. */
export async function createInlineNode(definition: NodeDefinition, options: InlineOptions = {}): Promise<InlineNode> {
  const lines: string[] = [];
  const node = new Node({
    output: options.output ?? ((line) => lines.push(line)),
    clock: options.clock ?? systemClock,
    log: options.log ?? createLogger('warn', (line) => process.stderr.write(line), 'inline'),
    args: options.args ?? [],
    workerIndex: 0,
    workerCount: 1,
    seenSet: options.seenSet ?? SeenSet.create(65536),
  });
  await definition.setup(node);
  return {
    node,
    lines,
    receive: (...input) => {
      for (const line of input) node.receive(line);
    },
    take: () => lines.splice(0).map((line) => JSON.parse(line)),
  };
}
