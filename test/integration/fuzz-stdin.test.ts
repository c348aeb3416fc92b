/**
 * Every challenge binary survives fuzzed stdin: it never crashes, never writes an invalid stdout
 * line, owes and gives error 10/12 replies, and still answers valid requests afterwards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fuzzLines } from '../support/fuzz-lines.js';
import { initLine, protocolProblem, startNode } from '../support/node-process.js';

const BIN_DIR = fileURLToPath(new URL('../../../dist/bin/', import.meta.url));
const LINES = Number(process.env.FUZZ_LINES ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);

/** Valid follow-up requests per binary that a lone node can answer with no services, and a check of each reply. */
const FOLLOW_UPS: Record<string, Array<{ body: Record<string, unknown>; check: (body: Record<string, unknown>) => boolean }>> = {
  echo: [{ body: { type: 'echo', echo: 'still here' }, check: (b) => b.type === 'echo_ok' && b.echo === 'still here' }],
  'unique-ids': [{ body: { type: 'generate' }, check: (b) => b.type === 'generate_ok' && b.id !== undefined }],
  broadcast: [
    { body: { type: 'broadcast', message: 77 }, check: (b) => b.type === 'broadcast_ok' },
    { body: { type: 'read' }, check: (b) => b.type === 'read_ok' && Array.isArray(b.messages) && b.messages.includes(77) },
  ],
  // A lone counter can take an add without seq-kv (a read would need it).
  counter: [{ body: { type: 'add', delta: 2 }, check: (b) => b.type === 'add_ok' }],
  // A lone kafka node has no peer floors to wait for: a send is pollable at once.
  kafka: [
    { body: { type: 'send', key: 'after-fuzz', msg: 41 }, check: (b) => b.type === 'send_ok' && Number.isInteger(b.offset) },
    { body: { type: 'poll', offsets: { 'after-fuzz': 0 } }, check: (b) => b.type === 'poll_ok' && JSON.stringify((b.msgs as Record<string, unknown>)['after-fuzz']) === '[[0,41]]' },
  ],
  txn: [
    { body: { type: 'txn', txn: [['w', 424242, 9]] }, check: (b) => b.type === 'txn_ok' && JSON.stringify(b.txn) === '[["w",424242,9]]' },
    { body: { type: 'txn', txn: [['r', 424242, null]] }, check: (b) => b.type === 'txn_ok' && JSON.stringify(b.txn) === '[["r",424242,9]]' },
  ],
};

for (const binary of Object.keys(FOLLOW_UPS)) {
  const bin = `${BIN_DIR}${binary}.js`;
  test(`${binary}: fuzzed stdin never crashes it, and it owes and gives error replies`, { skip: !existsSync(bin) && `${bin} not built` }, async (t) => {
    const node = startNode(bin);
    // A failed wait or assertion must not leave the node running (its open stdin kept the test process alive).
    t.after(() => void (node.child.exitCode === null && node.child.kill('SIGKILL')));
    await node.write([initLine('n0', ['n0'])]);
    await node.waitFor((lines) => lines.some((l) => l.includes('"init_ok"')), 10_000);

    const fuzz = fuzzLines(binary, LINES, SEED, 1000);
    await node.write(fuzz.map((f) => f.line));

    const followUpBase = 1000 + fuzz.length + 10;
    const followUps = FOLLOW_UPS[binary];
    // One at a time: a read must see the broadcast before it.
    for (const [i, { body }] of followUps.entries()) {
      await node.write([JSON.stringify({ src: 'c2', dest: 'n0', body: { ...body, msg_id: followUpBase + i } })]);
      await node.waitFor((lines) => lines.some((l) => l.includes(`"in_reply_to":${followUpBase + i}`)), 10_000);
    }
    const last = fuzz.flatMap((f) => (f.owed.kind === 'error' ? [f.owed.msgId] : [])).at(-1);
    if (last !== undefined) await node.waitFor((lines) => lines.some((l) => l.includes(`"in_reply_to":${last}`)), 20_000);
    assert.equal(node.child.exitCode, null, `the node exited; stderr: ${node.stderr.join('').slice(-1000)}`);
    const code = await node.close();
    assert.equal(code, 0, 'the node exits cleanly when stdin ends');

    // Bad input is refused, never a handler crash (error 13 and a stack trace mean the node was surprised).
    const errors = node.stderr.join('').split('\n').filter((l) => /\bERROR\b/.test(l));
    assert.deepEqual(errors.slice(0, 5), [], 'no ERROR lines on stderr');
    const problems = node.lines.map(protocolProblem).filter((p) => p !== undefined);
    assert.deepEqual(problems, [], 'every stdout line is a protocol message');
    const replies = new Map<number, Array<Record<string, unknown>>>();
    for (const line of node.lines) {
      const body = JSON.parse(line).body as Record<string, unknown>;
      if (typeof body.in_reply_to === 'number') replies.set(body.in_reply_to, [...(replies.get(body.in_reply_to) ?? []), body]);
    }
    const owedIds = new Set(fuzz.flatMap((f) => (f.owed.kind === 'error' ? [f.owed.msgId] : [])));
    // Answerable lines get msg_ids from 1000 up; the ones below are fixed ids of lines that owe nothing checked here.
    const unowed = [...replies.keys()].filter((id) => id >= 1000 && id < followUpBase && !owedIds.has(id));
    assert.deepEqual(unowed, [], 'no reply to a line that owes none');
    for (const f of fuzz) {
      if (f.owed.kind !== 'error') continue;
      const got = replies.get(f.owed.msgId) ?? [];
      assert.equal(got.length, 1, `exactly one reply owed to ${f.family} line ${f.line.slice(0, 300)}; got ${JSON.stringify(got)}`);
      assert.equal(got[0].type, 'error', `${f.family} line gets an error reply: ${f.line.slice(0, 300)} → ${JSON.stringify(got[0])}`);
      assert.equal(got[0].code, f.owed.code, `${f.family} line gets error ${f.owed.code}: ${f.line.slice(0, 300)} → ${JSON.stringify(got[0])}`);
    }
    for (const [i, { body, check }] of followUps.entries()) {
      const got = replies.get(followUpBase + i) ?? [];
      assert.equal(got.length, 1, `one reply to the valid ${String(body.type)} after the fuzz`);
      assert.ok(check(got[0]), `valid ${String(body.type)} answered correctly after the fuzz: ${JSON.stringify(got[0])}`);
    }
  });
}
