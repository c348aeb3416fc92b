/**
 * GLOMERS_WORKERS=0: the whole node on the main thread, with the same framing and batched stdout.
 * It exists only as a benchmark baseline (how much do the worker threads buy?); it is the one main
 * file that imports node-side code, and only through a dynamic import from run-node.
 */
import { createLogger } from '../shared/log.js';
import { LineSplitter } from '../shared/framing.js';
import { SeenSet } from '../shared/seen-set.js';
import { createInlineNode } from '../node/inline.js';
import { loadDefinition } from '../node/define.js';
import type { RuntimeConfig } from './config.js';
import { StdoutWriter, stdoutFailed } from './stdout-writer.js';
import { threadTrace, TRACING } from '../shared/trace.js';
import { writeNodeTrace } from './trace-file.js';

/** Runs a definition inline on stdin/stdout until stdin ends. */
export async function runInlineOnStdio(definitionUrl: URL, config: RuntimeConfig): Promise<void> {
  const writer = new StdoutWriter(process.stdout, (blocked) => (blocked ? process.stdin.pause() : process.stdin.resume()), stdoutFailed);
  let outbox: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (outbox.length > 0) writer.write(outbox.join('\n') + '\n');
    outbox = [];
  };
  const output = (line: string) => {
    outbox.push(line);
    // Async handlers (init hooks, rpc continuations) write later; their lines leave at end of turn.
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  const definition = await loadDefinition(definitionUrl.href);
  const log = createLogger(config.logLevel, (line) => process.stderr.write(line), '[inline]');
  const inline = await createInlineNode(definition, {
    output,
    log,
    args: process.argv.slice(2),
    seenSet: SeenSet.create(config.seenCapacity),
  });
  const splitter = new LineSplitter();
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    inline.receive(...splitter.push(chunk));
    flush();
  });
  await new Promise<void>((resolve) => (process.stdin.once('end', resolve), process.stdin.once('close', resolve)));
  inline.receive(...splitter.end());
  flush();
  await new Promise((resolve) => setImmediate(resolve));
  await writer.idle();
  if (TRACING) {
    // One thread does everything here, so its track holds the handler spans too.
    threadTrace!.nodeId = inline.node.id;
    await writeNodeTrace(0, log);
  }
}
