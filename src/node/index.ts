/**
 * The node-author API: everything a challenge definition under src/challenges imports. This code
 * runs inside a worker thread (or inline in tests); main-thread code never imports it.
 */
export { defineNode, loadDefinition, isNodeDefinition, type NodeDefinition } from './define.js';
export { Node } from './node.js';
export { DEFAULT_RPC_TIMEOUT_MS, type Handler, type NodeHost, type RpcOptions, type NodeCounters } from './host.js';
export { compileBody, matchesShape, shapeNotation, type Shape, type BodyShape, type BodyCheck, type HandleOptions, type Literal } from './validate.js';
export { RpcError, hasErrorCode, type RpcFailure } from './rpc-error.js';
export { retry, sleep, isRetryable, type RetryOptions } from './retry.js';
export { KV, TSO, type KvService, type CasOptions } from './kv.js';
export { onWorker, toWorker } from './owner.js';
export { shardOf, groupByShard, pick } from './shard.js';
export { PeerLink, linkFrameProblem, restartSeq, type PeerLinkOptions, type LinkFrame } from './peer-link.js';
export { NeighborSender, type NeighborSenderOptions } from './neighbor-sender.js';
export { systemClock, FakeClock, type Clock, type TimerHandle } from './clock.js';
export { createInlineNode, type InlineNode, type InlineOptions } from './inline.js';
export { SeenSet, SeenSetFullError } from '../shared/seen-set.js';
export { ErrorCode, errorData, isDefinite, type ErrorData } from '../shared/errors.js';
export type { Logger, LogLevel } from '../shared/log.js';
export type { BaseBody, Message, NodeId } from '../shared/protocol.js';
