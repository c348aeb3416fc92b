/**
 * Maelstrom's client (SPEC §1.3): a network participant `c<k>` with its own msg_id counter from 1,
 * one outstanding request, a timeout, and every non-matching message silently dropped. Error
 * replies are recognised before the closed response schema is checked (SPEC §1.5, §1.6).
 */
import type { BaseBody } from '../shared/protocol.js';
import type { Delivery, Network } from './net/network.js';
import { checkResponse, parseLossless, type Expectation } from './schema.js';
import type { ClientRpc, RpcOutcome } from './workload.js';

/** Maelstrom's default RPC timeout. */
export const DEFAULT_RPC_TIMEOUT_MS = 5000;

/** Opens clients with globally increasing ids c0, c1, ... */
export class ClientFactory {
  private next = 0;
  constructor(private readonly network: Network) {}

  /** A new client talking to `node`. */
  open(node: string): MaelstromClient {
    return new MaelstromClient(`c${this.next++}`, node, this.network);
  }

  /** How many clients have been opened. */
  get opened(): number {
    return this.next;
  }
}

type Waiter = { msgId: number; resolve: (reply: Delivery | undefined) => void; timer: NodeJS.Timeout };

/** One Maelstrom client. */
export class MaelstromClient implements ClientRpc {
  private msgId = 0;
  private waiter: Waiter | undefined;
  private readonly unregister: () => void;

  constructor(
    /** The client's id, `c<k>`. */
    readonly id: string,
    /** The node it talks to. */
    readonly node: string,
    private readonly network: Network,
  ) {
    this.unregister = network.registerParticipant(id, (message) => this.receive(message));
  }

  /**
   * Sends a request and waits for the reply whose in_reply_to is its msg_id. Resolves with the
   * delivered reply, or undefined on timeout. One request at a time.
   */
  request(body: BaseBody, timeoutMs = DEFAULT_RPC_TIMEOUT_MS): Promise<Delivery | undefined> {
    if (this.waiter) return Promise.reject(new Error(`client ${this.id} already has a request in flight`));
    const msgId = ++this.msgId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve(undefined);
      }, timeoutMs);
      this.waiter = { msgId, resolve, timer };
      try {
        this.network.send(this.id, this.node, { ...body, msg_id: msgId });
      } catch (e) {
        clearTimeout(timer);
        this.waiter = undefined;
        throw e;
      }
    });
  }

  /** The workload RPC (ClientRpc.call): error replies first, then the closed response schema. */
  async call(body: BaseBody, expect: Expectation, timeoutMs = DEFAULT_RPC_TIMEOUT_MS): Promise<RpcOutcome> {
    const reply = await this.request(body, timeoutMs);
    if (!reply) return { kind: 'timeout' };
    return classifyReply(reply, expect);
  }

  /** Leaves the network; later messages to this id are refused (SPEC §1.2 quirk). */
  close(): void {
    if (this.waiter) {
      clearTimeout(this.waiter.timer);
      this.waiter.resolve(undefined);
      this.waiter = undefined;
    }
    this.unregister();
  }

  private receive(message: Delivery): void {
    const waiter = this.waiter;
    if (!waiter || message.body.in_reply_to !== waiter.msgId) return; // late or unsolicited: dropped
    clearTimeout(waiter.timer);
    this.waiter = undefined;
    waiter.resolve(message);
  }
}

/** Turns a delivered reply into an RpcOutcome. */
export function classifyReply(reply: Delivery, expect: Expectation): RpcOutcome {
  const body = reply.body;
  if (body.type === 'error') {
    const code = typeof body.code === 'number' ? body.code : NaN;
    if (!Number.isInteger(code)) return { kind: 'malformed', reason: `error reply without an integer code: ${JSON.stringify(body)}`, body };
    return { kind: 'error', code, text: typeof body.text === 'string' ? body.text : '', body };
  }
  const lossless = reply.raw === undefined ? body : (parseLossless(reply.raw) as { body: unknown }).body;
  const problem = checkResponse(lossless, expect);
  if (problem) return { kind: 'malformed', reason: problem, body };
  return { kind: 'ok', body };
}
