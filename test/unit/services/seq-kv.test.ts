import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SeqKv } from '../../../src/harness/services/index.js';
import { request, scripted, seeded } from './random.js';

const read = (kv: SeqKv, node: string, key: unknown = 'x') => kv.handle(node, request({ type: 'read', key }))!;
const write = (kv: SeqKv, node: string, value: unknown, key: unknown = 'x') => kv.handle(node, request({ type: 'write', key, value }))!;

test('a second node reading after another node\'s write may see the old state', () => {
  // Draw 0 always picks the oldest state the requester may see.
  const kv = new SeqKv(scripted(0));
  write(kv, 'n1', 1);
  assert.equal(read(kv, 'n1').value, 1, 'the writer sees its own write');
  assert.equal(read(kv, 'n2').code, 20, 'n2 still sees the initial, empty state');
});

test('stale reads happen with a real random source too', () => {
  let stale = 0;
  for (let seed = 0; seed < 200; seed++) {
    const kv = new SeqKv(seeded(seed));
    write(kv, 'n1', 1);
    write(kv, 'n1', 2);
    if (read(kv, 'n2').value !== 2) stale += 1;
  }
  // n2 picks uniformly among 3 states, so about 2/3 of first reads are stale.
  assert.ok(stale > 100 && stale < 170, `stale first reads: ${stale}/200`);
});

test('once a node has seen a state it never sees an older one', () => {
  // Every request draws once: two writes, then n2's first read (0.99), then 0 from there on.
  const kv = new SeqKv(scripted(0, 0, 0.99, 0));
  write(kv, 'n1', 1);
  write(kv, 'n1', 2);
  assert.equal(read(kv, 'n2').value, 2, 'draw 0.99 picks the newest state');
  assert.equal(read(kv, 'n2').value, 2, 'draw 0 now picks the state n2 last saw, not the oldest');
});

test('views never go backwards and a node always sees its own writes (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean()), { maxLength: 300 }), (seed, steps) => {
      const kv = new SeqKv(seeded(seed));
      const lastSeen = new Map<string, number>();
      let next = 0;
      for (const [n, isWrite] of steps) {
        const node = `n${n}`;
        if (isWrite) {
          write(kv, node, next);
          lastSeen.set(node, next++);
        } else {
          const reply = read(kv, node);
          const value = reply.type === 'read_ok' ? (reply.value as number) : -1;
          assert.ok(value >= (lastSeen.get(node) ?? -1), `${node} went back from ${lastSeen.get(node)} to ${value}`);
          lastSeen.set(node, value);
        }
      }
    }),
    { numRuns: 200 },
  );
});

test('a state-changing op runs on the newest state and moves the node there', () => {
  const kv = new SeqKv(scripted(0));
  write(kv, 'n1', 1);
  write(kv, 'n1', 2);
  write(kv, 'n2', 'anything', 'dummy');
  assert.equal(read(kv, 'n2').value, 2);
  assert.equal(kv.viewOf('n2'), kv.newestIndex);
});

test('a cas that would create the key on a stale state is re-run on the newest state', () => {
  const kv = new SeqKv(scripted(0));
  write(kv, 'n1', 1);
  // On n2's stale (empty) state the cas would create x: that changes state, so it re-runs on the
  // newest state, where x is 1 = from.
  const reply = kv.handle('n2', request({ type: 'cas', key: 'x', from: 1, to: 2, create_if_not_exists: true }))!;
  assert.equal(reply.type, 'cas_ok');
  assert.equal(read(kv, 'n2').value, 2, 'n2 is now at the newest state');
  assert.equal(read(kv, 'n1').value, 1, 'n1 has not seen it yet (draw 0 keeps it where it was)');
});

test('a failed cas and a missing key may reflect a stale state', () => {
  const kv = new SeqKv(scripted(0));
  write(kv, 'n1', 1);
  assert.equal(kv.handle('n2', request({ type: 'cas', key: 'x', from: 1, to: 2 }))!.code, 20, 'stale: x missing');
  assert.equal(kv.handle('n2', request({ type: 'cas', key: 'x', from: 7, to: 2 }))!.code, 20, 'stale: still missing');
  assert.equal(kv.newestIndex, 1, 'failed cas ops made no new state');
});

test('a cas whose from matches only a stale state fails on the newest and still moves the node', () => {
  const kv = new SeqKv(scripted(0.4, 0.4, 0.4, 0));
  write(kv, 'n1', 1);
  write(kv, 'n1', 2);
  // n2 picks index 1 (x = 1): from matches, so the cas would change state; re-run on newest (x = 2).
  const reply = kv.handle('n2', request({ type: 'cas', key: 'x', from: 1, to: 3 }))!;
  assert.deepEqual([reply.code, reply.text], [22, 'current value 2 is not 1']);
  assert.equal(kv.viewOf('n2'), kv.newestIndex);
  assert.equal(read(kv, 'n2').value, 2);
});

test('writing the value already there is read-only: the node does not move to the newest state', () => {
  const kv = new SeqKv(scripted(0.99, 0.99, 0.5, 0));
  write(kv, 'n1', 1); // state 1
  write(kv, 'n1', 1, 'y'); // state 2
  // n2 picks index 1 (draw 0.5 of [0, 2]); x is already 1 there, so nothing changes.
  assert.equal(write(kv, 'n2', 1).type, 'write_ok');
  assert.equal(kv.newestIndex, 2);
  assert.equal(kv.viewOf('n2'), 1);
  assert.equal(read(kv, 'n2', 'y').code, 20, 'n2 still does not see y');
});

test('an index older than the 32-state ring wraps around to a newer state (Maelstrom\'s nth)', () => {
  const kv = new SeqKv(scripted(0));
  for (let i = 1; i <= 40; i++) write(kv, 'n1', i);
  // n2 is at index 0; the ring holds states 9..40; offset -41 mod 32 lands on state 32.
  assert.equal(read(kv, 'n2').value, 32);
});

test('an unknown request type gets no reply', () => {
  const kv = new SeqKv(Math.random);
  assert.equal(kv.handle('n0', request({ type: 'increment', key: 'x' })), undefined);
  assert.equal(kv.newestIndex, 0);
});
