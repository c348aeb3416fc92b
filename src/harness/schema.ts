/**
 * Closed response-schema validation (SPEC §1.6), on a lossless parse of the reply so that `1.0`
 * is not an integer. Extra keys are rejected, `in_reply_to` is a required int, `msg_id` an
 * optional int, and array schemas accept null (Prismatic's quirk).
 */
import { isLosslessNumber, parse } from 'lossless-json';
import type { Schema } from './workload.js';

/** What a workload expects back from one RPC. */
export interface Expectation {
  type: string;
  response: Record<string, Schema>;
  optional?: Record<string, Schema>;
}

/** Re-parses a raw JSON text keeping every number as its source text. */
export function parseLossless(text: string): unknown {
  return parse(text);
}

/** Checks a reply body against the expectation; returns the first problem, or undefined. */
export function checkResponse(body: unknown, expect: Expectation): string | undefined {
  const schema: Schema = {
    object: { type: 'string', in_reply_to: 'int', ...expect.response },
    optional: { msg_id: 'int', ...expect.optional },
  };
  const problem = check(body, schema, 'body');
  if (problem) return problem;
  const type = (body as { type: unknown }).type;
  if (type !== expect.type) return `body.type should be ${JSON.stringify(expect.type)}, got ${JSON.stringify(type)}`;
  return undefined;
}

/** Checks a losslessly parsed value against a schema; returns the first problem or undefined. */
export function check(value: unknown, schema: Schema, path: string): string | undefined {
  if (schema === 'any') return value === undefined ? `${path} is missing` : undefined;
  if (schema === 'int') return isInteger(value) ? undefined : `${path} should be an integer, got ${show(value)}`;
  if (schema === 'string') return typeof value === 'string' ? undefined : `${path} should be a string, got ${show(value)}`;
  if (schema === 'bool') return typeof value === 'boolean' ? undefined : `${path} should be a boolean, got ${show(value)}`;
  if ('array' in schema) {
    if (value === null) return undefined;
    if (!Array.isArray(value)) return `${path} should be an array, got ${show(value)}`;
    for (let i = 0; i < value.length; i++) {
      const p = check(value[i], schema.array, `${path}[${i}]`);
      if (p) return p;
    }
    return undefined;
  }
  if ('tuple' in schema) {
    if (!Array.isArray(value) || value.length !== schema.tuple.length) return `${path} should be a ${schema.tuple.length}-element array, got ${show(value)}`;
    for (let i = 0; i < value.length; i++) {
      const p = check(value[i], schema.tuple[i], `${path}[${i}]`);
      if (p) return p;
    }
    return undefined;
  }
  if (!isPlainObject(value)) return `${path} should be an object, got ${show(value)}`;
  if ('mapOf' in schema) {
    for (const [k, v] of Object.entries(value)) {
      const p = check(v, schema.mapOf, `${path}.${k}`);
      if (p) return p;
    }
    return undefined;
  }
  const required = schema.object;
  const optional = schema.optional ?? {};
  for (const key of Object.keys(value)) {
    if (!(key in required) && !(key in optional)) return `${path} has disallowed key ${JSON.stringify(key)}`;
  }
  for (const [key, s] of Object.entries(required)) {
    if (!(key in value)) return `${path}.${key} is missing`;
    const p = check(value[key], s, `${path}.${key}`);
    if (p) return p;
  }
  for (const [key, s] of Object.entries(optional)) {
    if (key in value) {
      const p = check(value[key], s, `${path}.${key}`);
      if (p) return p;
    }
  }
  return undefined;
}

function isInteger(value: unknown): boolean {
  if (isLosslessNumber(value)) return /^-?\d+$/.test(value.value);
  return typeof value === 'number' && Number.isInteger(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isLosslessNumber(value);
}

function show(value: unknown): string {
  if (isLosslessNumber(value)) return value.value;
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
