import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KafkaCore } from '../../../src/challenges/kafka/core.js';
import { checkKafka } from '../../../src/harness/kafka/checker.js';
import { simulate } from './simulation.js';

test('a single node hands out offsets 0, 1, 2 per key and polls them back at once', () => {
  const core = new KafkaCore({ nodeId: 'n0', nodeIds: ['n0'] });
  assert.deepEqual([core.send('a', 10), core.send('a', 11), core.send('b', 12)], [0, 1, 0]);
  assert.deepEqual(core.poll({ a: 1, b: 0, c: 0 }), { a: [[1, 11]], b: [[0, 12]] });
});

test('two nodes allocate from disjoint residue classes above everything they know', () => {
  const n0 = new KafkaCore({ nodeId: 'n0', nodeIds: ['n0', 'n1'] });
  const n1 = new KafkaCore({ nodeId: 'n1', nodeIds: ['n0', 'n1'] });
  assert.equal(n0.send('a', 1), 0);
  assert.equal(n1.send('a', 2), 1);
  n1.receive('n0', n0.outgoing('n1', 0)!);
  assert.equal(n1.send('a', 3), 3);
  assert.equal(n0.send('a', 4), 2);
});

test('an entry is not polled until every peer has promised nothing can land below it', () => {
  const n0 = new KafkaCore({ nodeId: 'n0', nodeIds: ['n0', 'n1'] });
  const n1 = new KafkaCore({ nodeId: 'n1', nodeIds: ['n0', 'n1'] });
  n0.send('a', 1);
  assert.deepEqual(n0.poll({ a: 0 }), {});
  n1.receive('n0', n0.outgoing('n1', 0)!);
  assert.deepEqual(n1.poll({ a: 0 }), { a: [[0, 1]] });
  n0.receive('n1', n1.outgoing('n0', 0)!);
  assert.deepEqual(n0.poll({ a: 0 }), { a: [[0, 1]] });
});

test('a lost replication message is re-sent until acknowledged', () => {
  const n0 = new KafkaCore({ nodeId: 'n0', nodeIds: ['n0', 'n1'] });
  const n1 = new KafkaCore({ nodeId: 'n1', nodeIds: ['n0', 'n1'] });
  n0.send('a', 1);
  assert.ok(n0.outgoing('n1', 0)); // lost
  assert.equal(n0.outgoing('n1', 10), undefined, 'nothing new and not yet due');
  const again = n0.outgoing('n1', 300)!;
  assert.deepEqual(again.v, [['e', 'a', 0, 1, 1], ['f', 'a', 0, 1]]);
  n1.receive('n0', again);
  n0.receive('n1', n1.outgoing('n0', 300)!);
  n1.receive('n0', n0.outgoing('n1', 301)!); // bare ack
  assert.equal(n0.hasPending('n1'), false);
  assert.equal(n1.hasPending('n0'), false);
});

test('a floor that overtakes an entry is held until the entry arrives, so a poll never skips it', () => {
  const n0 = new KafkaCore({ nodeId: 'n0', nodeIds: ['n0', 'n1'] });
  const n1 = new KafkaCore({ nodeId: 'n1', nodeIds: ['n0', 'n1'] });
  assert.equal(n1.send('a', 'x'), 1);
  n0.receive('n1', n1.outgoing('n0', 0)!);
  n1.receive('n0', n0.outgoing('n1', 0)!);
  assert.equal(n1.stableOffset('a'), 1);
  assert.equal(n0.send('a', 'lost'), 2);
  n0.outgoing('n1', 10); // lost
  assert.equal(n0.send('a', 'late'), 4);
  n1.receive('n0', n0.outgoing('n1', 20)!); // entry 4 and floor 4 (n0's first 2 entries), without entry 2
  assert.equal(n1.stableOffset('a'), 1, 'floor 4 waits: only 1 of the 2 entries it covers is here');
  assert.deepEqual(n1.poll({ a: 0 }), { a: [[1, 'x']] });
  n1.receive('n0', n0.outgoing('n1', 300)!); // the retransmission brings entry 2
  assert.equal(n1.stableOffset('a'), 4);
  assert.deepEqual(n1.poll({ a: 0 }), { a: [[1, 'x'], [2, 'lost'], [4, 'late']] });
});

test('commits are the highest committed offset, shared with peers', () => {
  const n0 = new KafkaCore({ nodeId: 'n0', nodeIds: ['n0', 'n1'] });
  const n1 = new KafkaCore({ nodeId: 'n1', nodeIds: ['n0', 'n1'] });
  n0.commit({ a: 3 });
  n0.commit({ a: 2, b: 0 });
  assert.deepEqual(n0.listCommitted(['a', 'b', 'c']), { a: 3, b: 0 });
  n1.receive('n0', n0.outgoing('n1', 0)!);
  assert.deepEqual(n1.listCommitted(['a']), { a: 3 });
});

for (const nodeCount of [1, 2, 3]) {
  test(`a simulated ${nodeCount}-node cluster with partitions passes the kafka checker`, async () => {
    const { history, serverMessages, ops } = await simulate({ nodeCount, seed: nodeCount, durationMs: 8000, partitions: [[1000, 3000], [5000, 6500]] });
    const result = checkKafka(history);
    assert.equal(result['valid?'], true, JSON.stringify(result).slice(0, 2000));
    assert.ok(serverMessages / ops < 0.2, `msgs per op ${serverMessages / ops}`);
  });
}

test('replication survives reordered messages: 3 nodes with 1-80 ms jittered latency stay valid', async () => {
  const { history } = await simulate({ nodeCount: 3, seed: 31, durationMs: 6000, latencyMs: 1, jitterMs: 80, tickMs: 10, partitions: [[2000, 3000]] });
  const result = checkKafka(history);
  assert.equal(result['valid?'], true, JSON.stringify(result).slice(0, 2000));
});

test('a node that polls past its stable offset is caught by the checker under partitions', async () => {
  class Leaky extends KafkaCore {
    override stableOffset(): number {
      return Infinity;
    }
  }
  const { history } = await simulate({
    nodeCount: 2, seed: 9, durationMs: 8000, partitions: [[1000, 3000], [5000, 6500]],
    makeCore: (id, ids) => new Leaky({ nodeId: id, nodeIds: ids }),
  });
  const result = checkKafka(history);
  assert.equal(result['valid?'], false);
  assert.ok((result['bad-error-types'] as string[]).some((t) => /skip|nonmonotonic|lost/.test(t)), JSON.stringify(result['error-types']));
});

test('a key named __proto__ is an ordinary key in poll and list_committed_offsets replies', () => {
  const core = new KafkaCore({ nodeId: 'n1', nodeIds: ['n1'] });
  const offsets = JSON.parse('{"__proto__":0}') as Record<string, number>;
  core.send('__proto__', 7);
  core.commit(offsets);
  assert.equal(JSON.stringify(core.poll(offsets)), '{"__proto__":[[0,7]]}');
  assert.equal(JSON.stringify(core.listCommitted(['__proto__'])), '{"__proto__":0}');
});
