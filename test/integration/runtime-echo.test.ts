import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readdirSync, writeFileSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ECHO_BIN = fileURLToPath(new URL('../../../dist/bin/echo.js', import.meta.url));
const INIT = '{"id":0,"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0"],"msg_id":1}}';

interface Expected {
  lines: string[];
  /** `${dest}/${in_reply_to}` → the reply body we are owed. */
  owed: Map<string, Record<string, unknown>>;
}

/** An init, 300 echo requests with awkward payloads, and garbage of every kind mixed in. */
function requestFile(): Expected {
  const lines = [INIT];
  const owed = new Map<string, Record<string, unknown>>([['c0/1', { type: 'init_ok', in_reply_to: 1 }]]);
  const payloads: unknown[] = ['Please echo 81', 0, -1.5, null, true, ['a', { b: 'c' }], { nested: { deep: [1, 2] } }, 'ünïcødé ✓ 🚀', 'x'.repeat(200_000), 'quote " and \\ backslash'];
  const garbage = ['not json at all', '{', '[]', '42', '{}', '{"src":"c1"}', '{"src":"c1","dest":"n0"}', '{"src":"c1","dest":"n0","body":{"echo":1}}', '{"dest":"n0","body":{"type":"echo","msg_id":99}}', '   '];
  for (let i = 0; i < 300; i++) {
    const client = `c${1 + (i % 7)}`;
    const msgId = 2 + Math.floor(i / 7);
    const echo = payloads[i % payloads.length];
    lines.push(JSON.stringify({ id: i + 1, src: client, dest: 'n0', body: { type: 'echo', echo, msg_id: msgId } }));
    owed.set(`${client}/${msgId}`, { type: 'echo_ok', echo, in_reply_to: msgId });
    if (i % 10 === 3) lines.push(garbage[Math.floor(i / 10) % garbage.length]);
  }
  // Answerable but malformed: error 12. Unknown types: error 10 (prototype names included).
  lines.push('{"src":"c8","body":{"type":"echo","echo":1,"msg_id":5}}');
  owed.set('c8/5', { type: 'error', in_reply_to: 5, code: 12, text: 'missing or non-string dest' });
  lines.push('{"src":"c8","dest":"n0","body":{"msg_id":6}}');
  owed.set('c8/6', { type: 'error', in_reply_to: 6, code: 12, text: 'missing or non-string body.type' });
  for (const [msgId, type] of [[7, 'generate'], [8, 'constructor'], [9, '__proto__']] as const) {
    lines.push(JSON.stringify({ src: 'c8', dest: 'n0', body: { type, msg_id: msgId } }));
    owed.set(`c8/${msgId}`, { type: 'error', code: 10, text: `unknown message type ${JSON.stringify(type)}`, in_reply_to: msgId });
  }
  lines.push('{"src":"c8","dest":"n0","body":{"type":"echo","echo":"no msg_id, nobody to answer"}}');
  lines.push('{"src":"c9","dest":"n0","body":{"type":"echo","echo":"last line without newline","msg_id":2}}');
  owed.set('c9/2', { type: 'echo_ok', echo: 'last line without newline', in_reply_to: 2 });
  return { lines, owed };
}

function runWithFile(path: string, workers: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const fd = openSync(path, 'r');
  const child = spawn(ECHO_BIN, [], { stdio: [fd, 'pipe', 'pipe'], env: { ...process.env, GLOMERS_WORKERS: workers, GLOMERS_LOG: 'warn' } });
  closeSync(fd);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

for (const workers of ['1', '2', '4', '0']) {
  test(`echo with GLOMERS_WORKERS=${workers} answers each valid request exactly once, owes errors where due, and writes nothing else`, { timeout: 60_000 }, async () => {
    const { lines, owed } = requestFile();
    const dir = mkdtempSync(join(tmpdir(), 'glomers-echo-'));
    const path = join(dir, 'requests.jsonl');
    writeFileSync(path, lines.join('\n')); // no trailing newline on purpose
    const { code, stdout, stderr } = await runWithFile(path, workers);
    assert.equal(code, 0, stderr);
    assert.ok(stdout.endsWith('\n'), 'output ends with a whole line');
    const got = new Map<string, Record<string, unknown>>();
    for (const raw of stdout.slice(0, -1).split('\n')) {
      const message = JSON.parse(raw);
      assert.deepEqual(Object.keys(message).sort(), ['body', 'dest', 'src'], raw.slice(0, 200));
      assert.equal(message.src, 'n0');
      const key = `${message.dest}/${message.body.in_reply_to}`;
      assert.ok(!got.has(key), `answered twice: ${key}`);
      got.set(key, message.body);
    }
    assert.equal(got.size, owed.size);
    for (const [key, body] of owed) assert.deepEqual(got.get(key), body, key);
    assert.match(stderr, /dropped input: not JSON/, 'garbage is reported on stderr');
  });
}

/** Threads of a running echo node, counted once it has answered init. */
async function threadsOfRunningNode(workers: string): Promise<number> {
  const child = spawn(ECHO_BIN, [], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, GLOMERS_WORKERS: workers, GLOMERS_LOG: 'warn' } });
  child.stdin.write(INIT + '\n');
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const threads = readdirSync(`/proc/${child.pid}/task`).length;
  child.stdin.end();
  await new Promise((resolve) => child.on('close', resolve));
  return threads;
}

test('a running node has one more thread per handler worker than the inline baseline', { skip: process.platform !== 'linux' && 'needs /proc', timeout: 60_000 }, async () => {
  const inline = await threadsOfRunningNode('0');
  const one = await threadsOfRunningNode('1');
  const two = await threadsOfRunningNode('2');
  assert.ok(one > inline, `1 worker: ${one} threads vs inline ${inline}`);
  assert.ok(two > one, `2 workers: ${two} threads vs 1 worker ${one}`);
});

for (const [workers, maxShare] of [[2, 0.65], [4, 0.4]] as const) {
  test(`fed from a file before init, ${workers} workers share the input (init first, then spread) and answer each request once`, { timeout: 60_000 }, async () => {
    // Everything arrives before init is done. Worker 0 used to get all of it (main cannot find the
    // init line without parsing), hold it back while its siblings initialised, then serve it alone.
    const count = 100_000;
    const lines = [INIT];
    for (let i = 0; i < count; i++) lines.push(JSON.stringify({ src: 'c1', dest: 'n0', body: { type: 'echo', echo: i, msg_id: i + 2 } }));
    const path = join(mkdtempSync(join(tmpdir(), 'glomers-echo-')), 'requests.jsonl');
    writeFileSync(path, lines.join('\n') + '\n');
    const fd = openSync(path, 'r');
    const child = spawn(ECHO_BIN, [], { stdio: [fd, 'pipe', 'pipe'], env: { ...process.env, GLOMERS_WORKERS: String(workers), GLOMERS_LOG: 'info' } });
    closeSync(fd);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    assert.equal(await new Promise((resolve) => child.on('close', resolve)), 0, stderr);
    const replied = stdout.trim().split('\n').map((l) => JSON.parse(l).body.in_reply_to as number);
    assert.equal(replied.length, count + 1);
    assert.equal(new Set(replied).size, count + 1, 'each request answered exactly once');
    const stats = JSON.parse(/stats (\[.*\])/.exec(stderr)![1]) as Array<{ linesIn: number }>;
    assert.equal(stats.length, workers);
    const share = stats[0].linesIn / (count + 1);
    assert.ok(share <= maxShare, `worker 0 handled ${(share * 100).toFixed(0)} % of the input: ${JSON.stringify(stats)}`);
  });
}
