import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createService } from '../../../src/harness/services/index.js';
import { request } from './random.js';

test('lin-tso hands out 0, 1, 2, ... to whoever asks', () => {
  const tso = createService('lin-tso', Math.random);
  const seen = ['n0', 'n1', 'n0', 'n2'].map((node) => {
    const req = request({ type: 'ts' });
    const reply = tso.handle(node, req)!;
    assert.equal(reply.in_reply_to, req.msg_id);
    assert.equal(reply.type, 'ts_ok');
    return reply.ts;
  });
  assert.deepEqual(seen, [0, 1, 2, 3]);
});

test('lin-tso gives no reply to anything but ts, and does not burn a timestamp', () => {
  const tso = createService('lin-tso', Math.random);
  assert.equal(tso.handle('n0', request({ type: 'read', key: 'ts' })), undefined);
  assert.equal(tso.handle('n0', request({ type: 'ts' }))!.ts, 0);
});
