/**
 * Challenge 2, unique ids: every `generate` gets an id no other request, node or earlier run of
 * this node ever got, with zero messages between nodes (so it stays available under partitions).
 * An id is `<node id>-<boot stamp>-<worker index>-<counter>`: the node id separates nodes, the boot
 * stamp (wall-clock ms plus 48 random bits) separates restarts of one node even within the same
 * millisecond, the worker index separates handler threads, and the counter separates requests.
 */
import { randomBytes } from 'node:crypto';
import { defineNode } from '../node/index.js';

export default defineNode((node) => {
  // Wall-clock time on purpose: it must differ between process runs, which a monotonic clock does not promise.
  const boot = `${Date.now().toString(36)}${randomBytes(6).toString('hex')}`;
  let counter = 0;
  node.handle('generate', (message) => {
    node.reply(message, { type: 'generate_ok', id: `${node.id}-${boot}-${node.workerIndex}-${++counter}` });
  }, { body: {} });
});
