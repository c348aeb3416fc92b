/**
 * Generated stdin lines for fuzzing a node binary, each tagged with what the node owes in return.
 * Lines come from fast-check arbitraries so a failing seed reproduces exactly.
 */
import fc from 'fast-check';

/** The JSON type a request field must have; `any` fields cannot be given a wrong type. */
export type FieldType = 'int' | 'string' | 'any' | 'string[]' | 'int-map' | 'topology' | 'txn';

/** A request type a node serves, with its typed fields. */
export interface RequestSpec {
  type: string;
  fields: Record<string, FieldType>;
}

/** What the fuzzer expects back for one line. */
export type Owed =
  | { kind: 'nothing' }
  /** An error reply with this code and in_reply_to = msgId. */
  | { kind: 'error'; code: number; msgId: number };

/** One generated line and what it owes. */
export interface FuzzLine {
  line: string;
  owed: Owed;
  /** Which family of junk produced it, for the printed counts. */
  family: string;
}

/** The requests each challenge binary serves (SPEC §2), for generating well-typed and ill-typed bodies. */
export const REQUESTS: Record<string, RequestSpec[]> = {
  echo: [{ type: 'echo', fields: { echo: 'any' } }],
  'unique-ids': [{ type: 'generate', fields: {} }],
  broadcast: [
    { type: 'topology', fields: { topology: 'topology' } },
    { type: 'broadcast', fields: { message: 'int' } },
    { type: 'read', fields: {} },
  ],
  counter: [
    { type: 'add', fields: { delta: 'int' } },
    { type: 'read', fields: {} },
  ],
  kafka: [
    { type: 'send', fields: { key: 'string', msg: 'any' } },
    { type: 'poll', fields: { offsets: 'int-map' } },
    { type: 'commit_offsets', fields: { offsets: 'int-map' } },
    { type: 'list_committed_offsets', fields: { keys: 'string[]' } },
  ],
  txn: [{ type: 'txn', fields: { txn: 'txn' } }],
};

const json = fc.jsonValue({ maxDepth: 3 });

/** A value that does not have the given type (the field's "wrong type"). */
function wrongValue(type: FieldType): fc.Arbitrary<unknown> {
  const notInt = fc.oneof(fc.string(), fc.double({ noInteger: true, noNaN: true }), fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), fc.constant(1e300));
  switch (type) {
    case 'int':
      return notInt;
    case 'string':
      return fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }));
    case 'string[]':
      return fc.oneof(fc.string(), fc.integer(), fc.array(fc.integer(), { minLength: 1, maxLength: 3 }), fc.dictionary(fc.string(), fc.string()));
    case 'int-map':
      return fc.oneof(fc.string(), fc.array(fc.integer()), fc.dictionary(fc.string({ minLength: 1 }), fc.oneof(fc.string(), fc.double({ noInteger: true, noNaN: true })), { minKeys: 1, maxKeys: 3 }));
    case 'topology':
      return fc.oneof(fc.string(), fc.integer(), fc.dictionary(fc.string({ minLength: 1 }), fc.integer(), { minKeys: 1, maxKeys: 2 }));
    case 'txn':
      return fc.oneof(
        fc.string(),
        fc.dictionary(fc.string(), fc.integer()),
        fc.array(fc.tuple(fc.constantFrom('x', 'q', 'zz'), fc.integer(), fc.integer()), { minLength: 1, maxLength: 3 }),
        fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
      );
    case 'any':
      return json;
  }
}

/** Stands in for the msg_id of an answerable line until ids are handed out in order. */
const MSG_ID = 424242424242;

/**
 * `count` fuzz lines for one binary, reproducible from `seed`. Answerable lines get msg_ids
 * firstMsgId, firstMsgId+1, ... so each reply can be matched to what it owes.
 */
export function fuzzLines(binary: string, count: number, seed: number, firstMsgId: number): FuzzLine[] {
  const specs = REQUESTS[binary];
  if (!specs) throw new Error(`no request specs for binary ${binary}`);
  const msgId = MSG_ID;
  const typed = specs.filter((s) => Object.values(s.fields).some((t) => t !== 'any'));

  const garbageBytes = fc.uint8Array({ maxLength: 200 }).map((bytes): FuzzLine => ({
    // A newline inside the bytes would split it into several lines; that is fine, they are all junk.
    line: Buffer.from(bytes.filter((b) => b !== 10)).toString('latin1'),
    owed: { kind: 'nothing' },
    family: 'random-bytes',
  }));
  const truncated = fc.tuple(json, fc.nat()).map(([v, cut]): FuzzLine => {
    const text = JSON.stringify({ src: 'c1', dest: 'n0', body: { type: specs[0].type, msg_id: 1, x: v } });
    return { line: text.slice(0, cut % text.length), owed: { kind: 'nothing' }, family: 'truncated-json' };
  });
  const randomJson = json.map((v): FuzzLine => ({ line: JSON.stringify(v) ?? 'null', owed: { kind: 'nothing' }, family: 'random-json' }));
  const brokenEnvelope = fc.tuple(fc.constantFrom('src', 'dest', 'body', 'type'), json).map(([drop, v]): FuzzLine => {
    const msg: Record<string, unknown> = { src: 'c1', dest: 'n0', body: { type: specs[0].type, msg_id: 7 } };
    if (drop === 'type') (msg.body as Record<string, unknown>).type = typeof v === 'string' ? 5 : v;
    else msg[drop] = drop === 'body' ? (typeof v === 'object' && v !== null && !Array.isArray(v) ? 'x' : v) : typeof v === 'string' ? 5 : v;
    if (drop !== 'body' && drop !== 'type' && typeof msg[drop] === 'string') delete msg[drop];
    return { line: JSON.stringify(msg), owed: { kind: 'nothing' }, family: 'broken-envelope' };
  });
  const badMsgId = fc.oneof(fc.double({ noInteger: true, noNaN: true }), fc.constant(2 ** 60), fc.string(), fc.constant(null)).map((id): FuzzLine => ({
    line: JSON.stringify({ src: 'c1', dest: 'n0', body: { type: 'no_such_type', msg_id: id } }).replace('"msg_id":1e+60', '"msg_id":1e60'),
    owed: { kind: 'nothing' },
    family: 'bad-msg-id',
  }));
  const unknownType = fc.string({ minLength: 1, maxLength: 12 }).filter((t) => !specs.some((s) => s.type === t) && t !== 'init').map((type): FuzzLine => {
    const id = msgId;
    return { line: JSON.stringify({ src: 'c1', dest: 'n0', body: { type, msg_id: id } }), owed: { kind: 'error', code: 10, msgId: id }, family: 'unknown-type' };
  });
  const arbitraries: fc.Arbitrary<FuzzLine>[] = [garbageBytes, truncated, randomJson, brokenEnvelope, badMsgId, unknownType];
  if (typed.length > 0) {
    const wrongField = fc
      .constantFrom(...typed)
      .chain((spec) => {
        const names = Object.keys(spec.fields).filter((n) => spec.fields[n] !== 'any');
        return fc.tuple(fc.constant(spec), fc.constantFrom(...names), fc.boolean());
      })
      .chain(([spec, name, omit]) => fc.tuple(fc.constant(spec), fc.constant(name), fc.constant(omit), wrongValue(spec.fields[name])))
      .map(([spec, name, omit, value]): FuzzLine => {
        const id = msgId;
        const body: Record<string, unknown> = { type: spec.type, msg_id: id };
        for (const [field, type] of Object.entries(spec.fields)) body[field] = validValue(type);
        if (omit) delete body[name];
        else body[name] = value;
        return { line: JSON.stringify({ src: 'c1', dest: 'n0', body }), owed: { kind: 'error', code: 12, msgId: id }, family: 'wrong-field-type' };
      });
    arbitraries.push(wrongField);
  }
  const pollution = fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString').map((key): FuzzLine => {
    const id = msgId;
    // Written by hand: JSON.stringify would drop a __proto__ own key set through assignment.
    return {
      line: `{"src":"c1","dest":"n0","${key}":{"polluted":1},"body":{"type":"${key}","msg_id":${id},"${key}":{"polluted":1}}}`,
      owed: { kind: 'error', code: 10, msgId: id },
      family: 'prototype-keys',
    };
  });
  arbitraries.push(pollution);
  const deep = fc.integer({ min: 1000, max: 50000 }).map((depth): FuzzLine => ({
    line: `{"src":"c1","dest":"n0","body":{"type":"${specs[0].type}","x":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
    owed: { kind: 'nothing' },
    family: 'deep-nesting',
  }));
  arbitraries.push(deep);

  let next = firstMsgId;
  return fc.sample(fc.oneof(...arbitraries), { numRuns: count, seed }).map((fuzz) => {
    if (fuzz.owed.kind !== 'error') return fuzz;
    const id = next++;
    return { ...fuzz, line: fuzz.line.replace(String(MSG_ID), String(id)), owed: { ...fuzz.owed, msgId: id } };
  });
}

/** A well-typed value for a field, used to fill the fields a line does not corrupt. */
export function validValue(type: FieldType): unknown {
  switch (type) {
    case 'int':
      return 3;
    case 'string':
      return '1';
    case 'any':
      return 'hello';
    case 'string[]':
      return ['1'];
    case 'int-map':
      return { '1': 0 };
    case 'topology':
      return { n0: [] };
    case 'txn':
      return [['r', 1, null]];
  }
}
