// The plain baseline for bench/echo-throughput and bench/node-throughput, written the obvious way
// on purpose: one main thread, readline, JSON.parse per line, one stdout.write per reply. It
// answers what the benches send a lone node: init, echo, broadcast (values kept in a Set) and
// kafka send (a log per key).
import { createInterface } from 'node:readline';

let nodeId = '';
const values = new Set<number>();
const logs = new Map<string, unknown[]>();
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const message = JSON.parse(line);
  const body = message.body;
  let reply: Record<string, unknown>;
  switch (body.type) {
    case 'init':
      nodeId = body.node_id;
      reply = { type: 'init_ok', in_reply_to: body.msg_id };
      break;
    case 'echo':
      reply = { type: 'echo_ok', echo: body.echo, in_reply_to: body.msg_id };
      break;
    case 'broadcast':
      values.add(body.message);
      reply = { type: 'broadcast_ok', in_reply_to: body.msg_id };
      break;
    case 'send': {
      const log = logs.get(body.key) ?? [];
      logs.set(body.key, log);
      log.push(body.msg);
      reply = { type: 'send_ok', offset: log.length - 1, in_reply_to: body.msg_id };
      break;
    }
    default:
      reply = { type: 'error', code: 10, text: 'not supported', in_reply_to: body.msg_id };
  }
  process.stdout.write(JSON.stringify({ src: nodeId, dest: message.src, body: reply }) + '\n');
});
