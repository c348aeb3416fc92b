import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineSplitter, joinLines } from '../../../src/shared/framing.js';

test('a chunk holding many lines yields each of them, in order', () => {
  const splitter = new LineSplitter();
  assert.deepEqual(splitter.push('a\nb\nc\n'), ['a', 'b', 'c']);
  assert.equal(splitter.pendingChars, 0);
});

test('a line split across chunks is yielded once, when its newline arrives', () => {
  const splitter = new LineSplitter();
  assert.deepEqual(splitter.push('{"sr'), []);
  assert.deepEqual(splitter.push('c":1'), []);
  assert.deepEqual(splitter.push('}\n{"x'), ['{"src":1}']);
  assert.deepEqual(splitter.push('":2}\n'), ['{"x":2}']);
});

test('a megabyte line fed in 1000 small chunks comes out whole', () => {
  const splitter = new LineSplitter();
  const line = 'x'.repeat(1 << 20);
  const out: string[] = [];
  for (let at = 0; at < line.length; at += 1049) out.push(...splitter.push(line.slice(at, at + 1049)));
  assert.equal(splitter.pendingChars, line.length);
  out.push(...splitter.push('\nnext\n'));
  assert.deepEqual(out.map((l) => l.length), [line.length, 4]);
  assert.equal(out[0], line);
});

test('blank lines and carriage returns carry no message', () => {
  const splitter = new LineSplitter();
  assert.deepEqual(splitter.push('\n\r\na\r\n\nb\n'), ['a', 'b']);
});

test('the last line is yielded at end even without a newline', () => {
  const splitter = new LineSplitter();
  assert.deepEqual(splitter.push('a\nlast'), ['a']);
  assert.deepEqual(splitter.end(), ['last']);
  assert.deepEqual(splitter.end(), []);
});

test('any way of cutting the stream into chunks gives the same lines', () => {
  const lineArb = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes('\n') && !s.includes('\r'));
  fc.assert(
    fc.property(fc.array(lineArb, { maxLength: 30 }), fc.array(fc.nat(40), { maxLength: 30 }), (lines, cuts) => {
      const text = joinLines(lines);
      const splitter = new LineSplitter();
      const out: string[] = [];
      let at = 0;
      for (const cut of cuts) {
        out.push(...splitter.push(text.slice(at, at + cut)));
        at += cut;
      }
      out.push(...splitter.push(text.slice(at)), ...splitter.end());
      assert.deepEqual(out, lines);
    }),
  );
});

test('joinLines ends every line with a newline and writes nothing for no lines', () => {
  assert.equal(joinLines(['a', 'b']), 'a\nb\n');
  assert.equal(joinLines([]), '');
});
