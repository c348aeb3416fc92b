/**
 * Parsing what a node writes on stdout (SPEC §1.2): valid JSON, and a closed top-level schema
 * `{src: string, dest: string, body: object, id?: int}`. Any `id` the node supplies is ignored.
 */
import type { BaseBody } from '../../shared/protocol.js';

/** A parsed node output line, or why it was refused. */
export type ParsedLine =
  | { ok: true; src: string; dest: string; body: BaseBody }
  | { ok: false; reason: string };

const ALLOWED = new Set(['src', 'dest', 'body', 'id']);

/** Parses and validates one stdout line. */
export function parseNodeLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return { ok: false, reason: `not valid JSON (${(e as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
  const m = value as Record<string, unknown>;
  for (const key of Object.keys(m)) if (!ALLOWED.has(key)) return { ok: false, reason: `disallowed top-level key ${JSON.stringify(key)}` };
  if (typeof m.src !== 'string') return { ok: false, reason: `src must be a string, got ${JSON.stringify(m.src)}` };
  if (typeof m.dest !== 'string') return { ok: false, reason: `dest must be a string, got ${JSON.stringify(m.dest)}` };
  if (m.id !== undefined && !Number.isInteger(m.id)) return { ok: false, reason: `id must be an integer, got ${JSON.stringify(m.id)}` };
  const body = m.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'body must be a JSON object' };
  return { ok: true, src: m.src, dest: m.dest, body: body as BaseBody };
}

/**
 * The line Maelstrom writes to a node: field order id, src, dest, body. When the sender's own
 * line `raw` is given and is a compact `{"src":...}` object with no `"id"` in it, the id is spliced
 * in front of it instead of re-serializing the body: 10 to 30 times cheaper, and the body reaches
 * the receiver exactly as its sender wrote it (as Maelstrom's lossless reader would keep `1.0`
 * or an integer past 2^53, which a JSON.parse/stringify round trip changes). Any other line is
 * rebuilt from the parsed fields, so a node-supplied id is never passed on.
 */
export function deliveryLine(id: number, src: string, dest: string, body: unknown, raw?: string): string {
  if (raw !== undefined && raw.startsWith('{"src":') && raw.charCodeAt(raw.length - 1) === 125 /* } */ && !raw.includes('"id"')) return '{"id":' + id + ',' + raw.slice(1);
  return '{"id":' + id + ',"src":' + quote(src) + ',"dest":' + quote(dest) + ',"body":' + JSON.stringify(body) + '}';
}

/** Participant ids as JSON strings: a handful of ids carry every message, so quote each once. */
const quoted = new Map<string, string>();

function quote(id: string): string {
  let text = quoted.get(id);
  if (text === undefined) {
    text = JSON.stringify(id);
    if (quoted.size < 4096) quoted.set(id, text);
  }
  return text;
}
