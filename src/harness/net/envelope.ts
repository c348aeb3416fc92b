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

/** The line Maelstrom writes to a node: field order id, src, dest, body. */
export function deliveryLine(id: number, src: string, dest: string, body: unknown): string {
  return `{"id":${id},"src":${JSON.stringify(src)},"dest":${JSON.stringify(dest)},"body":${JSON.stringify(body)}}`;
}
