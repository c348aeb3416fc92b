import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientFactory } from '../../../src/harness/clients.js';
import { Interpreter } from '../../../src/harness/interpreter.js';
import { realClock } from '../../../src/harness/net/clock.js';
import { Journal } from '../../../src/harness/net/journal.js';
import { Network } from '../../../src/harness/net/network.js';
import { HistoryRecorder } from '../../../src/harness/recorder.js';
import { createRng } from '../../../src/harness/rng.js';
import { withErrors, type Workload, type WorkloadOptions } from '../../../src/harness/workload.js';

/** In-process "nodes" that answer echo; `answer` decides per request whether to reply. */
function setup(nodes: string[], answer: (node: string, n: number) => boolean = () => true) {
  const clock = realClock();
  const journal = new Journal();
  const network = new Network({ clock, journal, latency: () => 0 });
  const seenBy = new Map<string, string[]>();
  let n = 0;
  for (const node of nodes) {
    seenBy.set(node, []);
    network.registerParticipant(node, (m) => {
      seenBy.get(node)!.push(m.src);
      if (answer(node, n++)) network.send(node, m.src, { type: 'echo_ok', echo: m.body.echo, in_reply_to: m.body.msg_id });
    });
  }
  return { clock, journal, network, seenBy, clients: new ClientFactory(network), history: new HistoryRecorder() };
}

function echoWorkload(reusableClient: boolean): Workload {
  return {
    name: 'echo',
    reusableClient,
    generator: () => ({ next: () => ({ f: 'echo', value: 'x' }) }),
    client: () => ({ invoke: async (op, rpc) => withErrors(await rpc.call({ type: 'echo', echo: op.value }, { type: 'echo_ok', response: { echo: 'any' } }, 100), op, new Set(), (b) => b) }),
    check: () => ({ 'valid?': true }),
  };
}

const options = (nodes: string[], concurrency: number): WorkloadOptions => ({ nodes, concurrency, latencyMs: 0, topology: 'grid', consistencyModels: [], maxTxnLength: 4, maxWritesPerKey: 16, random: Math.random });

test('the global stagger issues about rate × time-limit ops, whatever the concurrency', async () => {
  const nodes = ['n0', 'n1'];
  const s = setup(nodes);
  const interpreter = new Interpreter({ workload: echoWorkload(true), workloadOptions: options(nodes, 4), nodes, concurrency: 4, clients: s.clients, clock: s.clock, history: s.history, rng: createRng(1) });
  await interpreter.runMain(echoWorkload(true).generator(options(nodes, 4)), 200, 1);
  const invokes = s.history.ops.filter((o) => o.type === 'invoke').length;
  assert.ok(invokes > 120 && invokes < 260, `${invokes} ops at rate 200 for 1 s (wide bounds: the machine is shared)`);
  interpreter.close();
  s.network.close();
});

test('thread i talks to node i mod N, through its own client', async () => {
  const nodes = ['n0', 'n1', 'n2'];
  const s = setup(nodes);
  const interpreter = new Interpreter({ workload: echoWorkload(true), workloadOptions: options(nodes, 6), nodes, concurrency: 6, clients: s.clients, clock: s.clock, history: s.history, rng: createRng(2) });
  await interpreter.runMain(echoWorkload(true).generator(options(nodes, 6)), 300, 0.5);
  // Clients are opened lazily, c0.. in the order threads get their first op (round-robin: 0,1,2,...).
  for (const [node, srcs] of s.seenBy) {
    const expected = [0, 1, 2, 3, 4, 5].filter((t) => nodes[t % 3] === node).map((t) => `c${t}`);
    assert.deepEqual([...new Set(srcs)].sort(), expected, node);
  }
  interpreter.close();
  s.network.close();
});

test('after an info op the thread gets process + concurrency, and a non-reusable client is replaced', async () => {
  const nodes = ['n0'];
  // Request 1 (index 0) is never answered: a timeout, info for echo.
  const s = setup(nodes, (_node, n) => n !== 0);
  const interpreter = new Interpreter({ workload: echoWorkload(false), workloadOptions: options(nodes, 1), nodes, concurrency: 1, clients: s.clients, clock: s.clock, history: s.history, rng: createRng(3) });
  await interpreter.runMain(echoWorkload(false).generator(options(nodes, 1)), 50, 0.4);
  const ops = s.history.ops;
  assert.equal(ops[1].type, 'info');
  assert.equal(ops[0].process, 0);
  assert.equal(ops[2].process, 1, 'process 0 + concurrency 1');
  assert.deepEqual([...new Set(s.seenBy.get('n0'))], ['c0', 'c1'], 'a new Maelstrom client after the info op');
  interpreter.close();
  s.network.close();
});

test('a reusable client keeps its Maelstrom client after an info op', async () => {
  const nodes = ['n0'];
  const s = setup(nodes, (_node, n) => n !== 0);
  const interpreter = new Interpreter({ workload: echoWorkload(true), workloadOptions: options(nodes, 1), nodes, concurrency: 1, clients: s.clients, clock: s.clock, history: s.history, rng: createRng(4) });
  await interpreter.runMain(echoWorkload(true).generator(options(nodes, 1)), 50, 0.4);
  assert.deepEqual([...new Set(s.seenBy.get('n0'))], ['c0']);
  assert.equal(s.history.ops[2].process, 1);
  interpreter.close();
  s.network.close();
});

test('one op in flight per thread: a thread never starts an op before its last one completed', async () => {
  const nodes = ['n0', 'n1'];
  const s = setup(nodes);
  const interpreter = new Interpreter({ workload: echoWorkload(true), workloadOptions: options(nodes, 2), nodes, concurrency: 2, clients: s.clients, clock: s.clock, history: s.history, rng: createRng(5) });
  await interpreter.runMain(echoWorkload(true).generator(options(nodes, 2)), 1000, 0.3);
  const open = new Set<unknown>();
  for (const op of s.history.ops) {
    if (op.type === 'invoke') {
      assert.ok(!open.has(op.process), `process ${String(op.process)} invoked twice`);
      open.add(op.process);
    } else open.delete(op.process);
  }
  assert.equal(open.size, 0, 'the main phase waits for in-flight ops');
  interpreter.close();
  s.network.close();
});

test('the final phase runs one op per thread from a generator that exhausts', async () => {
  const nodes = ['n0', 'n1'];
  const s = setup(nodes);
  const interpreter = new Interpreter({ workload: echoWorkload(true), workloadOptions: options(nodes, 4), nodes, concurrency: 4, clients: s.clients, clock: s.clock, history: s.history, rng: createRng(6) });
  const done = new Set<number>();
  await interpreter.runFinal({ next: (ctx) => (done.has(ctx.thread) ? undefined : (done.add(ctx.thread), { f: 'echo', value: 'last', final: true })) });
  assert.equal(s.history.ops.filter((o) => o.type === 'invoke' && o.final).length, 4);
  assert.equal(s.history.ops.filter((o) => o.type === 'ok').length, 4);
  interpreter.close();
  s.network.close();
});
