/**
 * Challenge 1, echo: answer every `echo` with `echo_ok` carrying the same `echo` value. The reply
 * holds only type, echo and in_reply_to, because Maelstrom's echo_ok schema is closed.
 */
import { defineNode } from '../node/index.js';

export default defineNode((node) => {
  node.handle('echo', (message) => node.reply(message, { type: 'echo_ok', echo: message.body.echo }), { body: { echo: 'any' } });
});
