/**
 * Turns one raw input line into a message or a reason to refuse it, without trusting anything in
 * it. JSON.parse makes `"__proto__"` an ordinary own key (it never sets a prototype), and handlers
 * are looked up in a Map, so keys like `__proto__` or `constructor` change nothing outside their
 * own message.
 */
import type { BaseBody, Message } from '../shared/protocol.js';
import { isMsgId } from '../shared/protocol.js';

/** What a line turned out to be. */
export type Inbound =
  /** A well-formed message. */
  | { kind: 'message'; message: Message }
  /** Malformed but answerable: it has src and body.msg_id, so it gets error 12. */
  | { kind: 'malformed'; src: string; dest: string | undefined; msgId: number; reason: string }
  /** Malformed and unanswerable: log and drop. */
  | { kind: 'drop'; reason: string };

/** Classifies a line (see `Inbound`). Never throws. */
export function classifyLine(line: string): Inbound {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'drop', reason: 'not JSON' };
  }
  if (!isObject(value)) return { kind: 'drop', reason: 'not a JSON object' };
  // Fast path for the well-formed message that nearly every line is: each field read once.
  const b = value.body as BaseBody;
  if (
    typeof value.src === 'string' && value.src !== '' && typeof value.dest === 'string' && value.dest !== '' &&
    typeof b === 'object' && b !== null && !Array.isArray(b) && typeof b.type === 'string' && b.type !== '' &&
    (b.msg_id === undefined || isMsgId(b.msg_id)) && (b.in_reply_to === undefined || isMsgId(b.in_reply_to))
  ) {
    return { kind: 'message', message: value as unknown as Message };
  }
  const src = value.src;
  const dest = value.dest;
  const body = value.body;
  const msgId = isObject(body) ? body.msg_id : undefined;
  const problem = envelopeProblem(value);
  if (problem === undefined) return { kind: 'message', message: value as unknown as Message };
  if (typeof src === 'string' && src.length > 0 && isMsgId(msgId)) {
    return { kind: 'malformed', src, dest: typeof dest === 'string' ? dest : undefined, msgId, reason: problem };
  }
  return { kind: 'drop', reason: problem };
}

function envelopeProblem(m: Record<string, unknown>): string | undefined {
  if (typeof m.src !== 'string' || m.src.length === 0) return 'missing or non-string src';
  if (typeof m.dest !== 'string' || m.dest.length === 0) return 'missing or non-string dest';
  if (!isObject(m.body)) return 'missing or non-object body';
  const body = m.body as BaseBody;
  if (typeof body.type !== 'string' || body.type.length === 0) return 'missing or non-string body.type';
  if (body.msg_id !== undefined && !isMsgId(body.msg_id)) return 'body.msg_id is not an integer';
  if (body.in_reply_to !== undefined && !isMsgId(body.in_reply_to)) return 'body.in_reply_to is not an integer';
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
