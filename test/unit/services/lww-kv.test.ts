import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LwwKv } from '../../../src/harness/services/index.js';
import { request, scripted, seeded } from './random.js';

// Each request draws three times: merge source, merge destination (a merge that is thrown away),
// then the replica that serves it. Draw 0 → replica 0, 0.5 → replica 1.
const onReplica = (replica: 0 | 1) => [0, 0.5, replica * 0.5];

test('a write lands on one replica: the other replica still has nothing', () => {
  const kv = new LwwKv(scripted(...onReplica(0), ...onReplica(1), ...onReplica(0)));
  assert.equal(kv.handle('n0', request({ type: 'write', key: 'x', value: 1 }))!.type, 'write_ok');
  assert.equal(kv.handle('n0', request({ type: 'read', key: 'x' }))!.code, 20);
  assert.equal(kv.handle('n0', request({ type: 'read', key: 'x' }))!.value, 1);
});

test('replicas never converge: reads keep returning either replica\'s value', () => {
  const kv = new LwwKv(seeded(7));
  // Write until each replica has had a write of its own value.
  for (let i = 0; i < 20; i++) kv.handle('n0', request({ type: 'write', key: 'x', value: i % 2 === 0 ? 10 : 20 }));
  const a = kv.replicaValue(0, '"x"')!.value;
  const b = kv.replicaValue(1, '"x"')!.value;
  const seen = new Set<unknown>();
  for (let i = 0; i < 200; i++) seen.add(kv.handle('n1', request({ type: 'read', key: 'x' }))!.value);
  assert.deepEqual(seen, new Set([a, b]));
});

test('lww-kv ignores create_if_not_exists: a missing key is always error 20', () => {
  const kv = new LwwKv(seeded(1));
  for (let i = 0; i < 20; i++) {
    const reply = kv.handle('n0', request({ type: 'cas', key: 'x', from: 0, to: 1, create_if_not_exists: true }))!;
    assert.equal(reply.code, 20);
  }
});

test('cas on a replica holding the key compares with deep equality', () => {
  const kv = new LwwKv(scripted(...onReplica(0), ...onReplica(0), ...onReplica(0)));
  kv.handle('n0', request({ type: 'write', key: 'x', value: 4 }));
  assert.equal(kv.handle('n0', request({ type: 'cas', key: 'x', from: 5, to: 6 }))!.text, 'current value 4 is not 5');
  assert.equal(kv.handle('n0', request({ type: 'cas', key: 'x', from: 4, to: 6 }))!.type, 'cas_ok');
});

test('writes are stamped with the replica\'s Lamport clock', () => {
  const kv = new LwwKv(scripted(...onReplica(0), ...onReplica(0), ...onReplica(1)));
  kv.handle('n0', request({ type: 'write', key: 'x', value: 1 }));
  kv.handle('n0', request({ type: 'write', key: 'x', value: 2 }));
  kv.handle('n0', request({ type: 'write', key: 'x', value: 3 }));
  assert.deepEqual(kv.replicaValue(0, '"x"'), { value: 2, ts: 1 });
  assert.deepEqual(kv.replicaValue(1, '"x"'), { value: 3, ts: 0 });
});

test('once a replica holds a non-numeric value, a request whose discarded merge ties on it gets no reply', () => {
  // Maelstrom breaks timestamp ties with (max v1 v2), which throws on strings.
  const kv = new LwwKv(scripted(...onReplica(0), 0, 0, 0));
  kv.handle('n0', request({ type: 'write', key: 'x', value: 'text' }));
  assert.equal(kv.handle('n0', request({ type: 'read', key: 'x' })), undefined, 'replica 0 merged with itself');
  const numeric = new LwwKv(scripted(...onReplica(0), 0, 0, 0));
  numeric.handle('n0', request({ type: 'write', key: 'x', value: 7 }));
  assert.equal(numeric.handle('n0', request({ type: 'read', key: 'x' }))!.value, 7, 'numbers merge fine');
});

test('an unknown request type gets no reply', () => {
  const kv = new LwwKv(seeded(3));
  assert.equal(kv.handle('n0', request({ type: 'ts' })), undefined);
});
