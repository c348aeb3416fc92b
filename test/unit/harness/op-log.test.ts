import { test } from 'node:test';
import assert from 'node:assert/strict';
import { opLogLines } from '../../../src/harness/output/op-log.js';
import type { Op } from '../../../src/harness/history.js';

const op = (extra: Partial<Op>): Op => ({ index: 0, time: 0, type: 'invoke', process: 0, f: 'echo', value: 'Please echo 58', ...extra });

test("an op logs as jepsen.util's line, on the thread that runs its process", () => {
  assert.deepEqual(opLogLines(op({}), 5), [{ level: 'INFO', text: 'jepsen worker 0 - jepsen.util 0\t:invoke\t:echo\t"Please echo 58"' }]);
  // Process 7 with 5 threads is the second process on thread 2 (a thread takes p + 5 after an info).
  assert.equal(opLogLines(op({ process: 7, type: 'ok', value: { type: 'echo_ok' } }), 5)[0].text, 'jepsen worker 2 - jepsen.util 7\t:ok\t:echo\t{:type "echo_ok"}');
  assert.equal(opLogLines(op({ process: 'nemesis', type: 'info', f: 'start-partition', value: null }), 5)[0].text, 'jepsen nemesis - jepsen.util :nemesis\t:info\t:start-partition\tnil');
});

test('an op that ended in an exception also warns that its process crashed, naming the problem', () => {
  const malformed = opLogLines(op({ type: 'info', error: 'indeterminate: malformed-rpc-response: x', exception: { class: 'malformed-rpc-response', message: 'body has disallowed key "extra"', body: { type: 'echo_ok', extra: true } } }), 1);
  assert.equal(malformed.length, 2);
  assert.equal(malformed[1].level, 'WARN');
  assert.equal(malformed[1].text, 'jepsen worker 0 - jepsen.generator.interpreter Process 0 crashed: Malformed RPC response: body has disallowed key "extra"; received {:type "echo_ok", :extra true}. See doc/protocol.md for the expected shapes.');
  assert.match(opLogLines(op({ type: 'info', exception: { class: 'timeout', message: 'RPC timed out' } }), 1)[1].text, /Process 0 crashed: timeout: RPC timed out$/);
  // An info without an exception (a net-timeout under with-errors) is an ordinary outcome: no WARN.
  assert.equal(opLogLines(op({ type: 'info', error: 'net-timeout' }), 1).length, 1);
});
