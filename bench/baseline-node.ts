// The plain baseline for bench/node-throughput: one main thread, readline, JSON.parse per line,
// one stdout.write per reply, written the obvious way on purpose. It answers what the bench
// sends a lone node: init, echo, broadcast (values kept in a Set) and kafka send (a log per key).
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
      reply = { type: 'init_ok' };
      break;
    case 'echo':
      reply = { type: 'echo_ok', echo: body.echo };
      break;
    case 'broadcast':
      values.add(body.message);
      reply = { type: 'broadcast_ok' };
      break;
    case 'send': {
      const log = logs.get(body.key) ?? [];
      logs.set(body.key, log);
      log.push(body.msg);
      reply = { type: 'send_ok', offset: log.length - 1 };
      break;
    }
    default:
      reply = { type: 'error', code: 10, text: 'not supported' };
  }
  process.stdout.write(JSON.stringify({ src: nodeId, dest: message.src, body: { ...reply, in_reply_to: body.msg_id } }) + '\n');
});
