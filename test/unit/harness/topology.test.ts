import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTopology } from '../../../src/harness/topology.js';

const nodes = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i}`);

/** Expands `n1..n3` into n1,n2,n3. */
function expandRange(text: string): string[] {
  const range = /^n(\d+)\.\.n(\d+)$/.exec(text);
  if (!range) return [text];
  const out: string[] = [];
  for (let i = Number(range[1]); i <= Number(range[2]); i++) out.push(`n${i}`);
  return out;
}

/**
 * Parses SPEC §2.3's notation, copied verbatim: `n0:[n1,n2] n8,n9:[n2] n10..n12:[n3] n2:[n0,n9..n12]`.
 */
function parseSpecTable(text: string): Record<string, string[]> {
  const table: Record<string, string[]> = {};
  for (const [, keys, values] of text.matchAll(/([\w.,]+):\[([^\]]*)\]/g)) {
    const neighbours = values === '' ? [] : values.split(',').flatMap(expandRange);
    for (const key of keys.split(',').flatMap(expandRange)) table[key] = neighbours;
  }
  return table;
}

test('tree2 (and tree) for 25 nodes equal the SPEC table', () => {
  const expected = parseSpecTable(`n0:[n1,n2] n1:[n0,n3,n4] n2:[n0,n5,n6] n3:[n1,n7,n8] n4:[n1,n9,n10] n5:[n2,n11,n12]
      n6:[n2,n13,n14] n7:[n3,n15,n16] n8:[n3,n17,n18] n9:[n4,n19,n20] n10:[n4,n21,n22]
      n11:[n5,n23,n24] n12:[n5] n13:[n6] n14:[n6] n15,n16:[n7] n17,n18:[n8] n19,n20:[n9] n21,n22:[n10]
      n23,n24:[n11]`);
  assert.equal(Object.keys(expected).length, 25);
  assert.deepEqual(makeTopology('tree2', nodes(25)), expected);
  assert.deepEqual(makeTopology('tree', nodes(25)), expected);
});

test('tree3 for 25 nodes equals the SPEC table', () => {
  const expected = parseSpecTable(`n0:[n1,n2,n3] n1:[n0,n4,n5,n6] n2:[n0,n7,n8,n9] n3:[n0,n10,n11,n12]
      n4:[n1,n13,n14,n15] n5:[n1,n16,n17,n18] n6:[n1,n19,n20,n21] n7:[n2,n22,n23,n24]
      n8,n9:[n2] n10..n12:[n3] n13..n15:[n4] n16..n18:[n5] n19..n21:[n6] n22..n24:[n7]`);
  assert.equal(Object.keys(expected).length, 25);
  assert.deepEqual(makeTopology('tree3', nodes(25)), expected);
});

test('tree4 for 25 nodes equals the SPEC table', () => {
  const expected = parseSpecTable(`n0:[n1,n2,n3,n4] n1:[n0,n5,n6,n7,n8] n2:[n0,n9..n12] n3:[n0,n13..n16] n4:[n0,n17..n20]
      n5:[n1,n21,n22,n23,n24] n6..n8:[n1] n9..n12:[n2] n13..n16:[n3] n17..n20:[n4] n21..n24:[n5]`);
  assert.equal(Object.keys(expected).length, 25);
  assert.deepEqual(makeTopology('tree4', nodes(25)), expected);
});

test('grid for 25 nodes has the SPEC entries and down, up, right, left everywhere on the 5×5 board', () => {
  const grid = makeTopology('grid', nodes(25));
  const listed = parseSpecTable(`n0:[n5,n1] n1:[n6,n2,n0] n4:[n9,n3] n6:[n11,n1,n7,n5] n12:[n17,n7,n13,n11] n20:[n15,n21]
      n24:[n19,n23]`);
  for (const [node, neighbours] of Object.entries(listed)) assert.deepEqual(grid[node], neighbours, node);
  assert.equal(Object.keys(grid).length, 25);
  for (let row = 0; row < 5; row++) {
    for (let col = 0; col < 5; col++) {
      const expected: string[] = [];
      if (row < 4) expected.push(`n${(row + 1) * 5 + col}`);
      if (row > 0) expected.push(`n${(row - 1) * 5 + col}`);
      if (col < 4) expected.push(`n${row * 5 + col + 1}`);
      if (col > 0) expected.push(`n${row * 5 + col - 1}`);
      assert.deepEqual(grid[`n${row * 5 + col}`], expected);
    }
  }
});

test('grid on a partly filled board skips the cells that do not exist (SPEC small cases)', () => {
  assert.deepEqual(makeTopology('grid', nodes(5)), parseSpecTable('n0:[n3,n1] n1:[n4,n2,n0] n2:[n1] n3:[n0,n4] n4:[n1,n3]'));
  assert.deepEqual(makeTopology('grid', nodes(3)), parseSpecTable('n0:[n2,n1] n1:[n0] n2:[n0]'));
  assert.deepEqual(makeTopology('grid', nodes(1)), { n0: [] });
});

test('line for 25 nodes links each node to its left and right', () => {
  const line = makeTopology('line', nodes(25));
  assert.deepEqual(line.n0, ['n1']);
  assert.deepEqual(line.n1, ['n0', 'n2']);
  assert.deepEqual(line.n23, ['n22', 'n24']);
  assert.deepEqual(line.n24, ['n23']);
  for (let i = 1; i < 24; i++) assert.deepEqual(line[`n${i}`], [`n${i - 1}`, `n${i + 1}`]);
});

test('line with fewer than two nodes is the empty map', () => {
  assert.deepEqual(makeTopology('line', nodes(1)), {});
  assert.deepEqual(makeTopology('line', nodes(2)), { n0: ['n1'], n1: ['n0'] });
});

test('total links each node to all the others in node order, and a lone tree root has no neighbours', () => {
  assert.deepEqual(makeTopology('total', ['n1', 'n2', 'n3']), { n1: ['n2', 'n3'], n2: ['n1', 'n3'], n3: ['n1', 'n2'] });
  assert.deepEqual(makeTopology('tree3', nodes(1)), { n0: [] });
});

test('an unknown topology is an error that names it', () => {
  assert.throws(() => makeTopology('ring', nodes(3)), /"ring"/);
});
