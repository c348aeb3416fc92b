import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachServices, type ServiceNetwork } from '../../../src/harness/services/attach.js';
import type { BaseBody } from '../../../src/shared/protocol.js';
import { seeded } from './random.js';

/** A network stand-in that records sends and lets the test deliver by hand. */
function fakeNetwork() {
  const participants = new Map<string, (m: { src: string; dest: string; body: BaseBody }) => void>();
  const sent: Array<{ src: string; dest: string; body: BaseBody }> = [];
  const network: ServiceNetwork = {
    registerParticipant(id, deliver) {
      participants.set(id, deliver);
      return () => participants.delete(id);
    },
    send(src, dest, body) {
      if (!participants.has(dest)) throw new Error(`Invalid dest for message: ${dest}`);
      sent.push({ src, dest, body });
      return sent.length - 1;
    },
  };
  const deliver = (src: string, dest: string, body: BaseBody) => participants.get(dest)!({ src, dest, body });
  return { network, participants, sent, deliver };
}

test('all four services join the network under their ids', () => {
  const net = fakeNetwork();
  const attached = attachServices(net.network, { random: seeded(1) });
  assert.deepEqual([...net.participants.keys()], ['lin-kv', 'seq-kv', 'lww-kv', 'lin-tso']);
  attached.detach();
  assert.equal(net.participants.size, 0);
});

test('a request delivered to a service is answered through the network, from the service, to the sender', () => {
  const net = fakeNetwork();
  net.participants.set('n1', () => {});
  attachServices(net.network, { random: seeded(1) });
  net.deliver('n1', 'lin-kv', { type: 'write', key: 'k', value: 5, msg_id: 7 });
  net.deliver('n1', 'lin-tso', { type: 'ts', msg_id: 8 });
  assert.deepEqual(net.sent, [
    { src: 'lin-kv', dest: 'n1', body: { type: 'write_ok', in_reply_to: 7 } },
    { src: 'lin-tso', dest: 'n1', body: { type: 'ts_ok', ts: 0, in_reply_to: 8 } },
  ]);
});

test('an unknown request type gets no reply and is reported', () => {
  const net = fakeNetwork();
  net.participants.set('n1', () => {});
  const warnings: string[] = [];
  const attached = attachServices(net.network, { random: seeded(1), warn: (text) => warnings.push(text) });
  net.deliver('n1', 'seq-kv', { type: 'frobnicate', msg_id: 1 });
  assert.equal(net.sent.length, 0);
  assert.equal(attached.dropped.get('seq-kv'), 1);
  assert.match(warnings[0], /seq-kv: no reply/);
});

test('a reply to a requester that left the network is dropped with a warning, and the service keeps going', () => {
  const net = fakeNetwork();
  const warnings: string[] = [];
  attachServices(net.network, { random: seeded(1), warn: (text) => warnings.push(text) });
  net.deliver('c9', 'lin-kv', { type: 'write', key: 'k', value: 1, msg_id: 1 });
  assert.match(warnings[0], /reply to c9 not sent/);
  net.participants.set('n1', () => {});
  net.deliver('n1', 'lin-kv', { type: 'read', key: 'k', msg_id: 2 });
  assert.deepEqual(net.sent[0].body, { type: 'read_ok', value: 1, in_reply_to: 2 });
});
