// Small builders shared by the runtime tests: Maelstrom lines and an initialised inline node.
import { createInlineNode, defineNode, FakeClock, type InlineNode, type Node } from '../../../src/node/index.js';
import { silentLogger } from '../../../src/shared/log.js';

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
