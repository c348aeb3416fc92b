// Small builders shared by the runtime tests: Maelstrom lines and an initialised inline node.
import { createInlineNode, defineNode, FakeClock, Node, SeenSet, type InlineNode, type NodeDefinition } from '../../../src/node/index.js';
import { silentLogger } from '../../../src/shared/log.js';
import { Journal } from '../../../src/shared/journal.js';

/** One input line from `src` to n1. */
export function line(src: string, body: Record<string, unknown>, dest = 'n1'): string {
  return JSON.stringify({ src, dest, body });
}

/** The init line for n1 in a cluster of n1..n3. */
export const INIT = line('c0', { type: 'init', node_id: 'n1', node_ids: ['n1', 'n2', 'n3'], msg_id: 1 });

/** An inline node on a fake clock, already initialised, with the init_ok consumed. */
export async function startNode(setup: (node: Node) => void): Promise<InlineNode & { clock: FakeClock }> {
  const clock = new FakeClock();
  const inline = await createInlineNode(defineNode(setup), { clock, log: silentLogger });
  inline.receive(INIT);
  await settle();
  inline.take();
  return Object.assign(inline, { clock });
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** One handler worker's output line, tagged with the worker that wrote it. */
export interface WorkerLine {
  worker: number;
  src: string;
  dest: string;
  body: Record<string, unknown>;
}

/**
 * The handler workers of one node, wired as the runtime wires them: each is a Node whose forward
 * posts the line to its sibling on a later turn (as a MessagePort would), with one shared SeenSet.
 * `drop(worker)` makes lines forwarded to that worker vanish, as if it had died. With
 * `journalBytes`, each slot has a durable journal, and `replace(worker, initLine)` starts a new
 * Node in that slot as main does after a death: initialised from the init line, journal replayed.
 */
export async function startWorkers(definition: NodeDefinition, count: number, options: { clock: FakeClock; output: (line: WorkerLine) => void; args?: string[]; journalBytes?: number }) {
  const seenSet = SeenSet.create(4096);
  const dropped = new Set<number>();
  const nodes: Node[] = [];
  const journals = options.journalBytes ? Array.from({ length: count }, () => Journal.create(options.journalBytes!)) : [];
  const make = async (workerIndex: number) => {
    const node = new Node({
      output: (text) => options.output({ worker: workerIndex, ...(JSON.parse(text) as Omit<WorkerLine, 'worker'>) }),
      forward: (target, text) => void setImmediate(() => dropped.has(target) || nodes[target].receive(text)),
      clock: options.clock,
      log: silentLogger,
      args: options.args ?? [],
      workerIndex,
      workerCount: count,
      seenSet,
    });
    if (journals[workerIndex]) node.attachJournal(journals[workerIndex]);
    await definition.setup(node);
    return node;
  };
  for (let workerIndex = 0; workerIndex < count; workerIndex++) nodes.push(await make(workerIndex));
  const replace = async (workerIndex: number, initLine: string) => {
    const node = await make(workerIndex);
    nodes[workerIndex] = node;
    await node.initFromPeer(initLine);
    await node.recover();
    return node;
  };
  return { nodes, drop: (worker: number, yes = true) => (yes ? dropped.add(worker) : dropped.delete(worker)), replace };
}
