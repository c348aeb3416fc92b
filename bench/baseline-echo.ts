// The baseline echo node for bench/echo-throughput, written the plain way on purpose: readline,
// JSON.parse per line, and one process.stdout.write per reply, all on the main thread.
import { createInterface } from 'node:readline';

let nodeId = '';
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const message = JSON.parse(line);
  const body = message.body;
  let reply: Record<string, unknown>;
  if (body.type === 'init') {
    nodeId = body.node_id;
    reply = { type: 'init_ok', in_reply_to: body.msg_id };
  } else if (body.type === 'echo') {
    reply = { type: 'echo_ok', echo: body.echo, in_reply_to: body.msg_id };
  } else {
    reply = { type: 'error', code: 10, text: 'not supported', in_reply_to: body.msg_id };
  }
  process.stdout.write(JSON.stringify({ src: nodeId, dest: message.src, body: reply }) + '\n');
});
