import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binOf, CHALLENGE_IDS, CHALLENGES, selectChallenges, timeLimitOf, withFlag } from '../../../src/harness/challenge/table.js';

const argvOf = (id: string): string => selectChallenges(id)![0].argv.join(' ');

test('the table lists every challenge once, in order', () => {
  assert.deepEqual(CHALLENGES.map((c) => c.id), [...CHALLENGE_IDS]);
  assert.deepEqual(CHALLENGE_IDS, ['1', '2', '3a', '3b', '3c', '3d', '3e', '3d+3e', '4', '5a', '5b', '5c', '6a', '6b', '6b-partition', '6c']);
});

test('official commands are the CHALLENGES.md lines with --bin dist/bin/<node>.js', () => {
  assert.equal(argvOf('1'), '-w echo --bin dist/bin/echo.js --node-count 1 --time-limit 10');
  assert.equal(argvOf('2'), '-w unique-ids --bin dist/bin/unique-ids.js --time-limit 30 --rate 1000 --node-count 3 --availability total --nemesis partition');
  assert.equal(argvOf('3a'), '-w broadcast --bin dist/bin/broadcast.js --node-count 1 --time-limit 20 --rate 10');
  assert.equal(argvOf('3b'), '-w broadcast --bin dist/bin/broadcast.js --node-count 5 --time-limit 20 --rate 10');
  assert.equal(argvOf('3c'), '-w broadcast --bin dist/bin/broadcast.js --node-count 5 --time-limit 20 --rate 10 --nemesis partition');
  assert.equal(argvOf('3d'), '-w broadcast --bin dist/bin/broadcast.js --node-count 25 --time-limit 20 --rate 100 --latency 100');
  assert.equal(argvOf('4'), '-w g-counter --bin dist/bin/counter.js --node-count 3 --rate 100 --time-limit 20 --nemesis partition');
  assert.equal(argvOf('5a'), '-w kafka --bin dist/bin/kafka.js --node-count 1 --concurrency 2n --time-limit 20 --rate 1000');
  assert.equal(argvOf('5b'), '-w kafka --bin dist/bin/kafka.js --node-count 2 --concurrency 2n --time-limit 20 --rate 1000');
  assert.equal(
    argvOf('6a'),
    '-w txn-rw-register --bin dist/bin/txn.js --node-count 1 --time-limit 20 --rate 1000 --concurrency 2n --consistency-models read-uncommitted --availability total',
  );
  assert.equal(argvOf('6b'), argvOf('6a').replace('--node-count 1', '--node-count 2'));
  assert.equal(argvOf('6b-partition'), `${argvOf('6b')} --nemesis partition`);
  assert.equal(
    argvOf('6c'),
    '-w txn-rw-register --bin dist/bin/txn.js --node-count 2 --concurrency 2n --time-limit 20 --rate 1000 --consistency-models read-committed --availability total --nemesis partition',
  );
});

test('3d, 3e and 3d+3e share one command, and so do 5b and 5c', () => {
  assert.equal(argvOf('3e'), argvOf('3d'));
  assert.equal(argvOf('3d+3e'), argvOf('3d'));
  assert.equal(argvOf('5c'), argvOf('5b'));
});

test('targets that need their own command differ only in the flag their note names', () => {
  const one = selectChallenges('1')![0];
  assert.equal(one.oursArgv!.join(' '), `${argvOf('1')} --rate 10000`);
  const two = selectChallenges('2')![0];
  assert.equal(two.oursArgv!.join(' '), argvOf('2').replace('--rate 1000', '--rate 10000'));
  assert.equal(binOf(selectChallenges('3d')![0].oursArgv!), 'dist/bin/broadcast-latency.js');
  assert.equal(binOf(selectChallenges('3e')![0].oursArgv!), 'dist/bin/broadcast-messages.js');
  for (const c of CHALLENGES) if (c.oursArgv) assert.ok(c.oursNote, `${c.id} explains its own command`);
});

test('every argv names a dist/bin node and a time limit', () => {
  for (const c of CHALLENGES) {
    assert.match(binOf(c.argv) ?? '', /^dist\/bin\/[a-z-]+\.js$/, c.id);
    assert.ok(timeLimitOf(c.argv) >= 10, c.id);
  }
});

test('selectChallenges: one id, all of them, or undefined for an unknown id', () => {
  assert.deepEqual(selectChallenges('3c')!.map((c) => c.id), ['3c']);
  assert.equal(selectChallenges('all')!.length, CHALLENGES.length);
  assert.equal(selectChallenges('7'), undefined);
  assert.equal(selectChallenges('3D'), undefined);
});

test('withFlag replaces an existing value or appends the pair, leaving the input alone', () => {
  const argv = ['-w', 'echo', '--rate', '5'];
  assert.deepEqual(withFlag(argv, '--rate', '10'), ['-w', 'echo', '--rate', '10']);
  assert.deepEqual(withFlag(argv, '--seed', '1'), ['-w', 'echo', '--rate', '5', '--seed', '1']);
  assert.deepEqual(argv, ['-w', 'echo', '--rate', '5']);
  assert.equal(timeLimitOf(['-w', 'echo']), 60, "Maelstrom's default");
});
