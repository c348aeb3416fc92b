/**
 * The package entry (`import { defineNode, runNode } from 'glomers'`): everything a node author
 * needs, in one import. A node module runs in two places — its main thread calls runNode, which
 * only frames stdio, and each worker imports the same module for its defineNode — so this entry
 * carries both halves; the worker-side half costs the main thread only its load time.
 */
export * from './node/index.js';
export { handleRpc, type RpcHandler } from './node/typed.js';
export type { WorkloadRpcs, WorkloadName, RequestType, RequestBody, ReplyBody, RwMicroOp, AppendMicroOp } from './node/bodies.js';
export { runNode, runNodeIfMain, type RunNodeOptions } from './main/run-node.js';
