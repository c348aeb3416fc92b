/**
 * The request and reply bodies of every Maelstrom workload (SPEC §2), as types, so a node written
 * against them cannot reply `{type: 'read_ok', mesages: [...]}`: `handleRpc` (./typed.ts) types
 * both the request a handler gets and the reply it may send. Types only: nothing here runs.
 */
import type { BaseBody } from '../shared/protocol.js';

/** The fields Maelstrom adds to every request; a handler may read them, a reply never sets them. */
// A type alias, not an interface: only type literals get the implicit index signature BaseBody needs.
type Request = {
  msg_id?: number;
};

/** One workload's RPCs: request type → [request body, reply body]. */
type Rpcs = Record<string, [Request & { type: string }, { type: string }]>;

/** A micro-op of txn-rw-register: read (null value in the request) or write. */
export type RwMicroOp = ['r', number, number | null] | ['w', number, number];
/** A micro-op of txn-list-append: read a whole list (null in the request) or append one value. */
export type AppendMicroOp = ['r', number, number[] | null] | ['append', number, number];

/** Every workload's RPCs, by Maelstrom's workload name (`-w`). */
export interface WorkloadRpcs {
  echo: {
    echo: [{ type: 'echo'; echo: unknown } & Request, { type: 'echo_ok'; echo: unknown }];
  };
  'unique-ids': {
    generate: [{ type: 'generate' } & Request, { type: 'generate_ok'; id: unknown }];
  };
  broadcast: {
    topology: [{ type: 'topology'; topology: Record<string, string[]> } & Request, { type: 'topology_ok' }];
    broadcast: [{ type: 'broadcast'; message: number } & Request, { type: 'broadcast_ok' }];
    read: [{ type: 'read' } & Request, { type: 'read_ok'; messages: number[] }];
  };
  'g-set': {
    add: [{ type: 'add'; element: unknown } & Request, { type: 'add_ok' }];
    read: [{ type: 'read' } & Request, { type: 'read_ok'; value: unknown[] }];
  };
  'g-counter': {
    add: [{ type: 'add'; delta: number } & Request, { type: 'add_ok' }];
    read: [{ type: 'read' } & Request, { type: 'read_ok'; value: number }];
  };
  'pn-counter': WorkloadRpcs['g-counter'];
  'lin-kv': {
    read: [{ type: 'read'; key: unknown } & Request, { type: 'read_ok'; value: unknown }];
    write: [{ type: 'write'; key: unknown; value: unknown } & Request, { type: 'write_ok' }];
    cas: [{ type: 'cas'; key: unknown; from: unknown; to: unknown; create_if_not_exists?: boolean } & Request, { type: 'cas_ok' }];
  };
  kafka: {
    send: [{ type: 'send'; key: string; msg: number } & Request, { type: 'send_ok'; offset: number }];
    poll: [{ type: 'poll'; offsets: Record<string, number> } & Request, { type: 'poll_ok'; msgs: Record<string, Array<[number, number]>> }];
    commit_offsets: [{ type: 'commit_offsets'; offsets: Record<string, number> } & Request, { type: 'commit_offsets_ok' }];
    list_committed_offsets: [{ type: 'list_committed_offsets'; keys: string[] } & Request, { type: 'list_committed_offsets_ok'; offsets: Record<string, number> }];
  };
  'txn-rw-register': {
    txn: [{ type: 'txn'; txn: RwMicroOp[] } & Request, { type: 'txn_ok'; txn: RwMicroOp[] }];
  };
  'txn-list-append': {
    txn: [{ type: 'txn'; txn: AppendMicroOp[] } & Request, { type: 'txn_ok'; txn: AppendMicroOp[] }];
  };
}

/** A workload name. */
export type WorkloadName = keyof WorkloadRpcs;
/** The request types of workload W. */
export type RequestType<W extends WorkloadName> = keyof WorkloadRpcs[W] & string;
/** The request body of W's `T`. */
export type RequestBody<W extends WorkloadName, T extends RequestType<W>> = WorkloadRpcs[W][T] extends [infer Q extends BaseBody, unknown] ? Q : never;
/** The reply body of W's `T` (without in_reply_to, which the runtime sets). */
export type ReplyBody<W extends WorkloadName, T extends RequestType<W>> = WorkloadRpcs[W][T] extends [unknown, infer R extends BaseBody] ? R : never;

// Keeps every entry of WorkloadRpcs in the [request, reply] form.
type Check<T extends Record<string, Rpcs>> = T;
export type _WorkloadRpcsChecked = Check<{ [W in WorkloadName]: WorkloadRpcs[W] }>;
