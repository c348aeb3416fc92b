/**
 * Declarative request shapes: a handler says which body fields it needs and of what JSON type, and
 * the runtime checks each request before the handler sees it, answering a mismatch with error 12
 * (malformed-request) whose text names the field, what it expected and what it got.
 *
 * A shape is compiled once per message type into a plain predicate, so a well-formed request pays
 * one typeof/Number.isSafeInteger per declared field and nothing more; the slower walk that
 * finds the first bad field and describes it runs only for requests that fail. Pure: no I/O.
 */

/** A JSON literal a field may be required to equal (e.g. the `"r"` of a txn micro-op). */
export type Literal = string | number | boolean | null;

/**
 * What one value must be:
 * - `'int'`: a number that is an integer within ±(2^53−1) (so 1e300, 1.5 and NaN are not);
 * - `'number'`: a finite number; `'string'`, `'boolean'`, `'null'`;
 * - `'any'`: any value at all, but present (a field that is `'any'` may still not be missing);
 * - `{ arrayOf }`: an array whose every item has that shape;
 * - `{ mapOf }`: a plain object (not null, not an array) whose every value has that shape;
 * - `{ tuple }`: an array of exactly that length, item i having shape i;
 * - `{ literal }`: exactly that value; `{ oneOf }`: at least one of the shapes;
 * - `{ maxDepth }`: any value nested at most that many arrays/objects deep (a value the node keeps
 *   and re-serialises later, where a 50,000-deep one would overflow JSON.stringify's stack);
 * - `{ optional }`: as a body field, may be missing (undefined); otherwise that shape.
 */
export type Shape =
  | 'int'
  | 'number'
  | 'string'
  | 'boolean'
  | 'null'
  | 'any'
  | { readonly arrayOf: Shape }
  | { readonly mapOf: Shape }
  | { readonly tuple: readonly Shape[] }
  | { readonly literal: Literal }
  | { readonly oneOf: readonly Shape[] }
  | { readonly maxDepth: number }
  | { readonly optional: Shape };

/** The fields of a request body (besides type and msg_id, which the runtime checks) and their shapes. */
export type BodyShape = Readonly<Record<string, Shape>>;

/** A compiled body check: undefined when the body is well-formed, else the problem to report. */
export type BodyCheck = (body: Readonly<Record<string, unknown>>) => string | undefined;

/** How `node.handle` checks a request before the handler runs; a failure is answered with error 12. */
export interface HandleOptions {
  /** The body fields the handler needs and their shapes (compiled once, at registration). */
  body?: BodyShape;
  /** A further check after `body`'s: return a problem text to refuse the request, undefined to accept it. */
  validate?: BodyCheck;
  /**
   * With several handler workers: the key this request is about (run after the checks). The
   * runtime forwards the request to the worker that owns the key (see shard.ts) before a durable
   * handler journals it, so only the owner keeps and journals that key's state.
   */
  shard?: (body: Readonly<Record<string, unknown>>) => string;
  /**
   * Only this node's own workers send this type (`ask`, `handOff` of a message from `node.id`):
   * from anyone else it is refused as an unknown type (error 10), so a client or peer cannot inject
   * what the workers trust each other with.
   */
  internal?: boolean;
}

/** Combines a handler's options into one check, or undefined when there is nothing to check. */
export function compileHandleOptions(type: string, options: HandleOptions | undefined): BodyCheck | undefined {
  if (options === undefined) return undefined;
  // `body: {}` documents that a request needs nothing; it costs nothing on the hot path either.
  const shape = options.body === undefined || Object.keys(options.body).length === 0 ? undefined : compileBody(type, options.body);
  const custom = options.validate;
  if (custom !== undefined && typeof custom !== 'function') throw new TypeError(`handle(${JSON.stringify(type)}): validate must be a function`);
  if (shape === undefined) return custom;
  if (custom === undefined) return shape;
  return (body) => shape(body) ?? custom(body);
}

/** A compiled shape: a fast predicate, and a slow explanation of the first mismatch. */
interface Compiled {
  /** Whether the value has the shape. The hot path: no allocation. */
  test(value: unknown): boolean;
  /** The first mismatch inside `value`, described from `path`; undefined if there is none. */
  explain(value: unknown, path: string): string | undefined;
  /** The shape in type notation: `int`, `string[]`, `{string: int}`, `["r", int, null]`. */
  notation: string;
}

/**
 * Compiles the check for one message type's body. Fields not named in `fields` are allowed (a
 * body may carry more than a handler reads). Throws a TypeError for a shape that is not a Shape,
 * so a typo in a definition fails at setup, not on the first request.
 */
export function compileBody(type: string, fields: BodyShape): BodyCheck {
  const names = Object.keys(fields);
  const compiled = names.map((name) => {
    const shape = fields[name];
    const optional = isObjectShape(shape) && 'optional' in shape;
    return { name, optional, inner: compile(optional ? (shape as { optional: Shape }).optional : shape, `${type}.${name}`) };
  });
  const tests = compiled.map((f) => f.inner.test);
  const optionals = compiled.map((f) => f.optional);
  const count = names.length;
  return (body) => {
    // Hot path: one predicate per field, no closures or arrays built.
    for (let i = 0; i < count; i++) {
      const value = body[names[i]];
      if (value === undefined ? !optionals[i] : !tests[i](value)) return explainBody(type, body, compiled);
    }
    return undefined;
  };
}

/** Whether `value` has `shape` (compiles the shape on each call; compile once with compileBody for hot paths). */
export function matchesShape(value: unknown, shape: Shape): boolean {
  return compile(shape, 'value').test(value);
}

/** Describes a shape in type notation (`{string: int}`, `(["r", int, int | null] | ["w", int, int])[]`). */
export function shapeNotation(shape: Shape): string {
  return compile(shape, 'shape').notation;
}

function explainBody(type: string, body: Readonly<Record<string, unknown>>, fields: readonly { name: string; optional: boolean; inner: Compiled }[]): string {
  for (const { name, optional, inner } of fields) {
    const value = body[name];
    const path = fieldPath('', name);
    if (value === undefined) {
      if (optional) continue;
      return `${type}: ${path} is missing; expected ${inner.notation}${footnote(inner.notation)}`;
    }
    const problem = inner.explain(value, path);
    if (problem !== undefined) return `${type}: ${problem}${footnote(problem)}`;
  }
  return `${type}: malformed body`; // unreachable: explain agrees with test
}

/** Explains the `int` notation where a message uses it, since "1e300 is not an int" surprises people. */
function footnote(text: string): string {
  return /\bint\b/.test(text) ? ' (int: an integer within ±(2^53−1))' : '';
}

const PRIMITIVES: Record<string, (value: unknown) => boolean> = {
  int: (v) => Number.isSafeInteger(v),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
  any: (v) => v !== undefined,
};

function compile(shape: Shape, where: string): Compiled {
  if (typeof shape === 'string') {
    const test = Object.hasOwn(PRIMITIVES, shape) ? PRIMITIVES[shape] : undefined;
    if (test === undefined) throw new TypeError(`shape of ${where}: unknown type ${JSON.stringify(shape)}; expected one of ${Object.keys(PRIMITIVES).join(', ')} or an object shape`);
    return leaf(test, shape);
  }
  if (!isObjectShape(shape)) throw new TypeError(`shape of ${where}: expected a type name or an object shape; got ${preview(shape)}`);
  const keys = Object.keys(shape);
  if (keys.length !== 1) throw new TypeError(`shape of ${where}: an object shape has exactly one of arrayOf, mapOf, tuple, literal, oneOf, optional; got keys ${JSON.stringify(keys)}`);
  if ('arrayOf' in shape) return arrayOf(compile(shape.arrayOf, `${where}[]`));
  if ('mapOf' in shape) return mapOf(compile(shape.mapOf, `${where}{}`));
  if ('tuple' in shape) {
    if (!Array.isArray(shape.tuple)) throw new TypeError(`shape of ${where}: tuple must be an array of shapes`);
    return tuple(shape.tuple.map((s, i) => compile(s, `${where}[${i}]`)));
  }
  if ('literal' in shape) {
    const lit = shape.literal;
    if (lit !== null && !['string', 'number', 'boolean'].includes(typeof lit)) throw new TypeError(`shape of ${where}: literal must be a string, number, boolean or null`);
    return leaf((v) => v === lit, JSON.stringify(lit));
  }
  if ('oneOf' in shape) {
    if (!Array.isArray(shape.oneOf) || shape.oneOf.length === 0) throw new TypeError(`shape of ${where}: oneOf must be a non-empty array of shapes`);
    return oneOf(shape.oneOf.map((s) => compile(s, where)));
  }
  if ('maxDepth' in shape) {
    const max = shape.maxDepth;
    if (!Number.isSafeInteger(max) || max < 0) throw new TypeError(`shape of ${where}: maxDepth must be a non-negative integer`);
    return leaf((v) => v !== undefined && depthWithin(v, max), `any (nested ≤ ${max} deep)`);
  }
  if ('optional' in shape) throw new TypeError(`shape of ${where}: optional is only allowed for a body field`);
  throw new TypeError(`shape of ${where}: unknown shape key ${JSON.stringify(keys[0])}`);
}

/** Whether `value` nests at most `max` arrays/objects deep. Recursion is bounded by `max`, not by the value. */
function depthWithin(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (max === 0) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!depthWithin(value[i], max - 1)) return false;
    return true;
  }
  for (const key of Object.keys(value)) if (!depthWithin((value as Record<string, unknown>)[key], max - 1)) return false;
  return true;
}

function leaf(test: (value: unknown) => boolean, notation: string): Compiled {
  return { test, notation, explain: (value, path) => (test(value) ? undefined : mismatch(path, notation, value)) };
}

function arrayOf(item: Compiled): Compiled {
  const notation = `${wrap(item.notation)}[]`;
  const test = (value: unknown): boolean => {
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < value.length; i++) if (!item.test(value[i])) return false;
    return true;
  };
  return {
    test,
    notation,
    explain(value, path) {
      if (!Array.isArray(value)) return mismatch(path, notation, value);
      for (let i = 0; i < value.length; i++) {
        const problem = item.explain(value[i], `${path}[${i}]`);
        if (problem !== undefined) return problem;
      }
      return undefined;
    },
  };
}

function mapOf(valueShape: Compiled): Compiled {
  const notation = `{string: ${valueShape.notation}}`;
  const test = (value: unknown): boolean => {
    if (!isPlainObject(value)) return false;
    // Object.values: own keys only, and in an A/B on Node 20 as fast as for-in for names and
    // faster for integer-like keys ("0", "7": kafka's), where for-in was ~1.6x slower.
    for (const item of Object.values(value)) if (!valueShape.test(item)) return false;
    return true;
  };
  return {
    test,
    notation,
    explain(value, path) {
      if (!isPlainObject(value)) return mismatch(path, notation, value);
      for (const key of Object.keys(value)) {
        const problem = valueShape.explain(value[key], `${path}[${JSON.stringify(key.length > 40 ? key.slice(0, 40) + '…' : key)}]`);
        if (problem !== undefined) return problem;
      }
      return undefined;
    },
  };
}

function tuple(items: readonly Compiled[]): Compiled {
  const notation = `[${items.map((i) => i.notation).join(', ')}]`;
  const length = items.length;
  const test = (value: unknown): boolean => {
    if (!Array.isArray(value) || value.length !== length) return false;
    for (let i = 0; i < length; i++) if (!items[i].test(value[i])) return false;
    return true;
  };
  return {
    test,
    notation,
    explain(value, path) {
      if (!Array.isArray(value) || value.length !== length) return mismatch(path, notation, value);
      for (let i = 0; i < length; i++) {
        const problem = items[i].explain(value[i], `${path}[${i}]`);
        if (problem !== undefined) return problem;
      }
      return undefined;
    },
  };
}

function oneOf(options: readonly Compiled[]): Compiled {
  const notation = options.map((o) => o.notation).join(' | ');
  const test = (value: unknown): boolean => {
    for (const option of options) if (option.test(value)) return true;
    return false;
  };
  // Which option the sender meant is a guess, so the whole alternative is reported.
  return { test, notation, explain: (value, path) => (test(value) ? undefined : mismatch(path, notation, value)) };
}

function mismatch(path: string, notation: string, value: unknown): string {
  return `${path} must be ${notation}; got ${preview(value)}`;
}

function fieldPath(parent: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? (parent ? `${parent}.${name}` : name) : `${parent}[${JSON.stringify(name)}]`;
}

/** Parenthesises a union before `[]` so `(a | b)[]` does not read as `a | b[]`. */
function wrap(notation: string): string {
  return notation.includes(' | ') ? `(${notation})` : notation;
}

function isObjectShape(shape: unknown): shape is Exclude<Shape, string> {
  return typeof shape === 'object' && shape !== null && !Array.isArray(shape);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A short rendering of what a request sent, bounded in size and depth: the value may be a
 * megabyte string or 50,000 nested arrays (JSON.stringify of that overflows the stack).
 */
export function preview(value: unknown, budget = 80): string {
  const text = render(value, 3);
  return text.length > budget ? `${text.slice(0, budget)}…` : text;
}

function render(value: unknown, depth: number): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value !== 'object' || value === null) return String(value);
  if (depth === 0) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const items = value.slice(0, 5).map((v) => render(v, depth - 1));
    return `[${items.join(',')}${value.length > 5 ? ',…' : ''}]`;
  }
  const keys = Object.keys(value);
  const entries = keys.slice(0, 5).map((k) => `${JSON.stringify(k.length > 20 ? k.slice(0, 20) + '…' : k)}:${render((value as Record<string, unknown>)[k], depth - 1)}`);
  return `{${entries.join(',')}${keys.length > 5 ? ',…' : ''}}`;
}
