import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CRASHY = fileURLToPath(new URL('../fixtures/runtime-crashy.js', import.meta.url));

/** A node process driven one request at a time, with its stderr kept for waiting on log lines. */
function startNode(workers: string, env: Record<string, string> = {}) {
  const child = spawn(CRASHY, [], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, GLOMERS_WORKERS: workers, GLOMERS_LOG: 'warn', ...env } });
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  child.stdout!.setEncoding('utf8').on('data', (d: string) => ((stdout += d), wake()));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => ((stderr += d), wake()));
  const until = async (ready: () => boolean) => {
    while (!ready()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  let msgId = 0;
  return {
    child,
    stderr: () => stderr,
    until,
    send(body: Record<string, unknown>): number {
      child.stdin!.write(JSON.stringify({ src: 'c1', dest: 'n0', body: { ...body, msg_id: ++msgId } }) + '\n');
      return msgId;
    },
    /** Writes several requests in one write (so they reach a worker as one batch); returns their msg_ids. */
    sendTogether(bodies: Record<string, unknown>[]): number[] {
      const ids = bodies.map(() => ++msgId);
      child.stdin!.write(bodies.map((body, i) => JSON.stringify({ src: 'c1', dest: 'n0', body: { ...body, msg_id: ids[i] } }) + '\n').join(''));
      return ids;
    },
    replies: () => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l).body as Record<string, unknown>),
    async call(body: Record<string, unknown>): Promise<Record<string, unknown>> {
      const id = this.send(body);
      let found: Record<string, unknown> | undefined;
      await until(() => {
        found = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l).body).find((b) => b.in_reply_to === id);
        return found !== undefined;
      });
      return found!;
    },
    async close(): Promise<number | null> {
      child.stdin!.end();
      return new Promise((resolve) => child.on('close', resolve));
    },
  };
}

for (const workers of ['1', '2']) {
  test(`with ${workers} worker(s), a dead worker is replaced, re-initialised, and the SeenSet keeps its values`, { timeout: 30_000 }, async () => {
    const node = startNode(workers);
    assert.equal((await node.call({ type: 'init', node_id: 'n0', node_ids: ['n0'] })).type, 'init_ok');
    assert.equal((await node.call({ type: 'add', value: 1 })).new, true);
    assert.equal((await node.call({ type: 'add', value: 2 })).new, true);
    const before = await node.call({ type: 'read' });
    node.send({ type: 'die' });
    await node.until(() => /worker \d restarted and re-initialised/.test(node.stderr()));
    // Several reads so that, with two workers, both the old and the new worker answer.
    for (let i = 0; i < 4; i++) {
      const after = await node.call({ type: 'read' });
      assert.deepEqual(after.values, [1, 2], 'the SeenSet outlived the worker');
      assert.equal(after.node, 'n0', 'the replacement knows its node id without a second init');
    }
    assert.equal((await node.call({ type: 'add', value: 2 })).new, false);
    assert.notEqual(before.worker, undefined);
    assert.match(node.stderr(), /worker \d died/);
    assert.equal(await node.close(), 0);
  });
}

test('a request that kills every worker is answered with a crash error after two deaths, and the durable requests batched with it are applied and answered exactly once', { timeout: 30_000 }, async () => {
  const node = startNode('1');
  await node.call({ type: 'init', node_id: 'n0', node_ids: ['n0'] });
  const [a, b, die] = node.sendTogether([{ type: 'incr', by: 5 }, { type: 'incr', by: 7 }, { type: 'die' }]);
  await node.until(() => node.replies().some((r) => r.in_reply_to === die));
  assert.equal((node.stderr().match(/worker 0 died/g) ?? []).length, 2, node.stderr());
  const dieReply = node.replies().find((r) => r.in_reply_to === die)!;
  assert.deepEqual([dieReply.type, dieReply.code], ['error', 13]);
  assert.deepEqual(node.replies().filter((r) => r.in_reply_to === a).map((r) => r.total), [5], 'first incr answered once');
  assert.deepEqual(node.replies().filter((r) => r.in_reply_to === b).map((r) => r.total), [12], 'second incr answered once');
  assert.equal((await node.call({ type: 'total' })).total, 12, 'each incr applied once despite two replays');
  assert.equal(await node.close(), 0);
});

test('with the journal off, an acknowledged durable request is lost with the worker (what the journal prevents)', { timeout: 30_000 }, async () => {
  for (const [env, expected] of [[{}, 1], [{ GLOMERS_JOURNAL_BYTES: '0' }, 0]] as const) {
    const node = startNode('1', env);
    await node.call({ type: 'init', node_id: 'n0', node_ids: ['n0'] });
    assert.equal((await node.call({ type: 'incr', by: 1 })).type, 'incr_ok');
    node.send({ type: 'die' });
    await node.until(() => /restarted/.test(node.stderr()));
    assert.equal((await node.call({ type: 'total' })).total, expected, JSON.stringify(env));
    await node.close();
  }
});

test('an exception thrown in a handler timer is logged and the node keeps answering', { timeout: 30_000 }, async () => {
  const node = startNode('1');
  await node.call({ type: 'init', node_id: 'n0', node_ids: ['n0'] });
  assert.equal((await node.call({ type: 'throw_in_timer' })).type, 'throw_in_timer_ok');
  await node.until(() => /boom in a timer/.test(node.stderr()));
  assert.equal((await node.call({ type: 'add', value: 5 })).type, 'add_ok');
  assert.doesNotMatch(node.stderr(), /died/);
  assert.equal(await node.close(), 0);
});

test('a worker dying while the node shuts down does not keep the process alive', { timeout: 30_000 }, async () => {
  const node = startNode('1');
  await node.call({ type: 'init', node_id: 'n0', node_ids: ['n0'] });
  node.send({ type: 'die_slowly' });
  const started = Date.now();
  const code = await node.close();
  assert.ok(Date.now() - started < 5000, 'exited promptly');
  assert.equal(code, 0);
});

for (const workers of ['1', '2']) {
  test(`with ${workers} worker(s), process.exit in a handler ends the node with that status, after the handler's reply`, { timeout: 30_000 }, async () => {
    const node = startNode(workers);
    assert.equal((await node.call({ type: 'init', node_id: 'n0', node_ids: ['n0'] })).type, 'init_ok');
    const id = node.send({ type: 'exit_node', code: 4 });
    const status = await new Promise<number | null>((resolve) => node.child.on('close', resolve));
    assert.equal(status, 4, node.stderr());
    assert.ok(node.replies().some((b) => b.in_reply_to === id && b.type === 'exit_node_ok'), 'the reply written before the exit is not lost');
    assert.match(node.stderr(), /called process\.exit\(4\): the node exits with status 4/);
  });
}

test('two workers that die together are both replaced and wired to each other, and the node keeps answering', { timeout: 30_000 }, async () => {
  // Every worker, each replacement included, dies 400 ms after it starts: the two die together, again and again.
  const node = startNode('2', { GLOMERS_FAULT_KILL_WORKER: '400-400' });
  assert.equal((await node.call({ type: 'init', node_id: 'n0', node_ids: ['n0'] })).type, 'init_ok');
  await node.until(() => (node.stderr().match(/worker 1 restarted/g) ?? []).length >= 2 && (node.stderr().match(/worker 0 restarted/g) ?? []).length >= 2);
  // Answers now come from both slots' replacements; a request may be caught by a death and replayed.
  for (let i = 0; i < 4; i++) assert.equal((await node.call({ type: 'add', value: i })).type, 'add_ok');
  assert.doesNotMatch(node.stderr(), /could not replace/);
  assert.equal(await node.close(), 0);
});
