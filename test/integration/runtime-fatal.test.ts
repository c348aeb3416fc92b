/**
 * A node whose definition cannot load exits with status 1 and says why, instead of hanging with
 * its worker threads alive (regression: the harness saw "no init_ok" rather than a crash).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const RUN_NODE = new URL('../../src/main/run-node.js', import.meta.url).href;

test('a node whose definition module is missing exits 1 with a fatal message, even with stdin still open', async () => {
  const script = `import { runNode } from ${JSON.stringify(RUN_NODE)}; runNode(new URL('file:///nonexistent/definition.js'));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.write('{"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0"],"msg_id":1}}\n');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const [code] = await once(child, 'exit');
  clearTimeout(timer);
  assert.equal(code, 1, `exit code; stderr: ${stderr.slice(0, 500)}`);
  assert.match(stderr, /glomers node: fatal: .*definition\.js/);
});
