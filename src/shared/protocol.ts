/**
 * The Maelstrom wire protocol: message envelopes and bodies, as one discriminated union on
 * `type`. Used by the node runtime and the harness alike. No I/O here.
 */

/** A node, client or service id: `n3`, `c17`, `lin-kv`. */
export type NodeId = string;

/** Every body has a type; requests carry msg_id, replies carry in_reply_to. */
export interface BaseBody {
  type: string;
  msg_id?: number;
  in_reply_to?: number;
  [key: string]: unknown;
}

/** A message as written on a line. `id` is set by Maelstrom on delivery and ignored on output. */
export interface Message<B extends BaseBody = BaseBody> {
  id?: number;
  src: NodeId;
  dest: NodeId;
  body: B;
}

/** An error reply (SPEC §1.5). */
export interface ErrorBody extends BaseBody {
  type: 'error';
  code: number;
  text?: string;
}

/** The first message every node receives. */
export interface InitBody extends BaseBody {
  type: 'init';
  node_id: NodeId;
  node_ids: NodeId[];
}

/** The workload request bodies Maelstrom clients send, by type. */
export interface EchoBody extends BaseBody { type: 'echo'; echo: unknown }
export interface GenerateBody extends BaseBody { type: 'generate' }
export interface TopologyBody extends BaseBody { type: 'topology'; topology: Record<NodeId, NodeId[]> }
export interface BroadcastBody extends BaseBody { type: 'broadcast'; message: number }
export interface ReadBody extends BaseBody { type: 'read'; key?: unknown }
export interface AddBody extends BaseBody { type: 'add'; delta?: number; element?: unknown }
export interface SendBody extends BaseBody { type: 'send'; key: string; msg: unknown }
export interface PollBody extends BaseBody { type: 'poll'; offsets: Record<string, number> }
export interface CommitOffsetsBody extends BaseBody { type: 'commit_offsets'; offsets: Record<string, number> }
export interface ListCommittedOffsetsBody extends BaseBody { type: 'list_committed_offsets'; keys: string[] }
/** A transaction micro-op: `["r", k, null]`, `["w", k, v]`, or `["append", k, v]`. */
export type MicroOp = [string, unknown, unknown];
export interface TxnBody extends BaseBody { type: 'txn'; txn: MicroOp[] }

/** KV service requests (SPEC §6). */
export interface KvReadBody extends BaseBody { type: 'read'; key: unknown }
export interface KvWriteBody extends BaseBody { type: 'write'; key: unknown; value: unknown }
export interface KvCasBody extends BaseBody {
  type: 'cas';
  key: unknown;
  from: unknown;
  to: unknown;
  create_if_not_exists?: boolean;
}
export interface TsBody extends BaseBody { type: 'ts' }

/** Service ids that exist in every Maelstrom network. */
export const SERVICE_IDS = ['lin-kv', 'seq-kv', 'lww-kv', 'lin-tso'] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

/** Maelstrom's rule: an id is a client iff it starts with `c` (`maelstrom.util/client?`). */
export function isClientId(id: string): boolean {
  return id.charCodeAt(0) === 99; // 'c'
}

/** Whether an id names one of the built-in services. */
export function isServiceId(id: string): id is ServiceId {
  return (SERVICE_IDS as readonly string[]).includes(id);
}

/** Whether a parsed value has the envelope shape `{src, dest, body: {type}}`. */
export function isMessage(value: unknown): value is Message {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const m = value as Record<string, unknown>;
  if (typeof m.src !== 'string' || typeof m.dest !== 'string') return false;
  const body = m.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  return typeof (body as Record<string, unknown>).type === 'string';
}

/** Whether a value is a JSON integer a client can use as msg_id. */
export function isMsgId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}
