import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grudgeFor, PARTITION_SPECS } from '../../../src/harness/nemesis.js';
import { createRng } from '../../../src/harness/rng.js';

const nodes = (n: number) => Array.from({ length: n }, (_, i) => `n${i}`);
/** Who each node can hear from (itself included). */
const hears = (grudge: Map<string, Set<string>>, all: string[]) => new Map(all.map((n) => [n, all.filter((s) => !grudge.get(n)?.has(s))]));

test('one isolates a single node from everyone, both ways', () => {
  const all = nodes(5);
  const grudge = grudgeFor('one', all, createRng(1));
  const lone = [...grudge].find(([, srcs]) => srcs.size === 4)![0];
  for (const n of all) if (n !== lone) assert.deepEqual([...grudge.get(n)!], [lone]);
});

test('majority splits into floor(N/2) and the rest, a complete grudge', () => {
  const all = nodes(5);
  const h = hears(grudgeFor('majority', all, createRng(2)), all);
  const sizes = [...h.values()].map((x) => x.length).sort();
  assert.deepEqual(sizes, [2, 2, 3, 3, 3]);
});

test('minority-third cuts off floor((N-1)/3) nodes: none for 3 nodes, 8 of 25', () => {
  assert.equal(grudgeFor('minority-third', nodes(3), createRng(3)).size, 0);
  const h = hears(grudgeFor('minority-third', nodes(25), createRng(3)), nodes(25));
  assert.equal([...h.values()].filter((x) => x.length === 8).length, 8);
  assert.equal([...h.values()].filter((x) => x.length === 17).length, 17);
});

test('majorities-ring leaves every node hearing a majority but no two majorities equal, for 5 and 25 nodes', () => {
  for (const n of [5, 25]) {
    for (let seed = 0; seed < 20; seed++) {
      const all = nodes(n);
      const h = hears(grudgeFor('majorities-ring', all, createRng(seed)), all);
      for (const [node, heard] of h) assert.ok(heard.length >= Math.floor(n / 2) + 1, `${node} hears ${heard.length} of ${n}`);
      if (n === 5) assert.ok([...h.values()].every((x) => x.length === 3), 'perfect ring: exactly a majority');
      assert.ok([...h.values()].some((x) => x.length < n), 'something is cut');
    }
  }
});

test('grudges name servers only and are reproducible from the seed', () => {
  for (const spec of PARTITION_SPECS) {
    const a = grudgeFor(spec, nodes(7), createRng(9));
    const b = grudgeFor(spec, nodes(7), createRng(9));
    assert.deepEqual(a, b);
    for (const [dest, srcs] of a) for (const x of [dest, ...srcs]) assert.match(x, /^n\d+$/);
  }
});
