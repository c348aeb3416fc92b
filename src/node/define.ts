/**
 * A node definition: the setup function a challenge module exports as its default. The runtime
 * imports the module inside each handler worker (or inline in a test) and runs setup before any
 * message arrives.
 */
import type { Node } from './node.js';

/** Marks values made by `defineNode`, so a wrong default export fails loudly at load time. */
const DEFINITION = Symbol.for('glomers.node-definition');

/** What `defineNode` returns; export it as the module's default. */
export interface NodeDefinition {
  readonly [DEFINITION]: true;
  /** Registers handlers and hooks on a fresh Node. May be async. */
  readonly setup: (node: Node) => void | Promise<void>;
}

/** Declares a node: `export default defineNode((node) => { node.handle(...) })`. */
export function defineNode(setup: (node: Node) => void | Promise<void>): NodeDefinition {
  return { [DEFINITION]: true, setup };
}

/** Whether a module's default export is a NodeDefinition. */
export function isNodeDefinition(value: unknown): value is NodeDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DEFINITION] === true;
}

/** Imports a definition module by URL and checks its default export. */
export async function loadDefinition(url: string): Promise<NodeDefinition> {
  const module = (await import(url)) as { default?: unknown };
  if (!isNodeDefinition(module.default)) {
    throw new Error(`${url} must have a default export made by defineNode(...)`);
  }
  return module.default;
}
