/**
 * glomers as other people install it: `npm pack`, the tarball installed into a fresh project, a
 * strict TypeScript one-file node compiled against the published types, and that node run under
 * the installed `glomers test`. Nothing from this checkout is on the project's path but the tarball.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The tarball `npm pack` makes of this checkout: packed once, for both tests, and removed at exit. */
let packed: string | undefined;
function tarball(): string {
  if (packed) return packed;
  const dir = mkdtempSync(join(tmpdir(), 'glomers-pack-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  execFileSync(NPM, ['pack', '--pack-destination', dir], { cwd: ROOT, stdio: 'pipe' });
  const name = readdirSync(dir).find((file) => file.endsWith('.tgz'));
  assert.ok(name, 'npm pack wrote a tarball');
  return (packed = join(dir, name));
}

const ONE_FILE_NODE = `#!/usr/bin/env node
import { defineNode, handleRpc, runNode, type ReplyBody } from 'glomers';

export default defineNode((node) => {
  handleRpc(node, 'echo', 'echo', (message, reply) => reply({ type: 'echo_ok', echo: message.body.echo }));
});

// Unused, but compiled: the broadcast read reply as the published types spell it.
export const readOk: ReplyBody<'broadcast', 'read'> = { type: 'read_ok', messages: [1, 2] };

runNode(import.meta.url);
`;

/** A user's broadcast node on the runtime's reliable link: each value straight to every peer, resent until acked. */
const LINK_NODE = `#!/usr/bin/env node
import { defineNode, handleRpc, NeighborSender, PeerLink, runNode, type LinkFrame } from 'glomers';

export default defineNode((node) => {
  const values = new Set<number>();
  const senders = new Map<string, NeighborSender<number>>();
  node.onInit(() => {
    for (const peer of node.nodeIds) {
      if (peer !== node.id) senders.set(peer, new NeighborSender(node, new PeerLink<number>(peer, { rtoMs: 400 }), { type: 'gossip', intervalMs: 20 }));
    }
  });
  handleRpc(node, 'broadcast', 'topology', (_message, reply) => reply({ type: 'topology_ok' }));
  handleRpc(node, 'broadcast', 'broadcast', (message, reply) => {
    if (!values.has(message.body.message)) {
      values.add(message.body.message);
      for (const sender of senders.values()) sender.add(message.body.message);
    }
    reply({ type: 'broadcast_ok' });
  });
  handleRpc(node, 'broadcast', 'read', (_message, reply) => reply({ type: 'read_ok', messages: [...values] }));
  node.handle('gossip', (message) => {
    for (const value of senders.get(message.src)?.receive(message.body as LinkFrame<number>) ?? []) values.add(value);
  });
});

runNode(import.meta.url);
`;

/**
 * A user's lin-kv node whose map is sharded by key over the handler workers: each key lives in
 * the worker that owns it, so every key is linearizable whatever GLOMERS_WORKERS is. SHARD=off
 * drops the shard option, leaving each worker its own map: the control that must fail.
 */
const SHARDED_KV_NODE = `#!/usr/bin/env node
import { defineNode, errorData, handleRpc, runNode, type HandleOptions } from 'glomers';

export default defineNode((node) => {
  const values = new Map<string, unknown>();
  const byKey: HandleOptions = process.env.SHARD === 'off' ? {} : { shard: (body) => JSON.stringify(body.key) };
  handleRpc(node, 'lin-kv', 'read', (message, reply) => {
    const key = JSON.stringify(message.body.key);
    if (!values.has(key)) throw errorData(20, 'no such key');
    reply({ type: 'read_ok', value: values.get(key) });
  }, byKey);
  handleRpc(node, 'lin-kv', 'write', (message, reply) => {
    values.set(JSON.stringify(message.body.key), message.body.value);
    reply({ type: 'write_ok' });
  }, byKey);
  handleRpc(node, 'lin-kv', 'cas', (message, reply) => {
    const key = JSON.stringify(message.body.key);
    if (!values.has(key)) throw errorData(20, 'no such key');
    if (values.get(key) !== message.body.from) throw errorData(22, 'from does not match');
    values.set(key, message.body.to);
    reply({ type: 'cas_ok' });
  }, byKey);
});

runNode(import.meta.url);
`;

const MISSPELT_REPLY = `import { defineNode, handleRpc } from 'glomers';
export default defineNode((node) => {
  handleRpc(node, 'broadcast', 'read', (_message, reply) => reply({ type: 'read_ok', mesages: [] }));
});
`;

test('the packed tarball installs into a fresh project, types a strict one-file node, and runs it to a valid verdict', { timeout: 240_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'glomers-package-'));
  try {
    const project = join(work, 'project');
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-nodes', version: '1.0.0', type: 'module', private: true }));
    const install = spawnSync(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball(), '@types/node@20'], { cwd: project, encoding: 'utf8' });
    assert.equal(install.status, 0, install.stderr);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'dist', rootDir: 'src' }, include: ['src'] }),
    );
    writeFileSync(join(project, 'src', 'echo.ts'), ONE_FILE_NODE);
    writeFileSync(join(project, 'src', 'gossip.ts'), LINK_NODE);
    writeFileSync(join(project, 'src', 'kv.ts'), SHARDED_KV_NODE);
    const compile = spawnSync(TSC, ['-p', '.'], { cwd: project, encoding: 'utf8' });
    assert.equal(compile.status, 0, `the node compiles against the published types:\n${compile.stdout}`);

    // A misspelt reply field must not compile.
    writeFileSync(join(project, 'src', 'bad.ts'), MISSPELT_REPLY);
    const bad = spawnSync(TSC, ['-p', '.', '--noEmit'], { cwd: project, encoding: 'utf8' });
    assert.notEqual(bad.status, 0);
    assert.match(bad.stdout, /'mesages' does not exist/);
    rmSync(join(project, 'src', 'bad.ts'));

    chmodSync(join(project, 'dist', 'echo.js'), 0o755);
    const glomers = join(project, 'node_modules', '.bin', 'glomers');
    const run = spawnSync(glomers, ['test', '-w', 'echo', '--bin', 'dist/echo.js', '--node-count', '1', '--time-limit', '3', '--rate', '20'], { cwd: project, encoding: 'utf8' });
    assert.equal(run.status, 0, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
    assert.match(run.stdout, /Everything looks good/);
    assert.match(run.stdout, /:valid\? true/);

    // The published reliable link carries a user's gossip across partitions: nothing lost.
    chmodSync(join(project, 'dist', 'gossip.js'), 0o755);
    const gossip = spawnSync(glomers, ['test', '-w', 'broadcast', '--bin', 'dist/gossip.js', '--node-count', '3', '--time-limit', '8', '--rate', '20', '--nemesis', 'partition', '--nemesis-interval', '2'], { cwd: project, encoding: 'utf8' });
    assert.equal(gossip.status, 0, `stdout:\n${gossip.stdout}\nstderr:\n${gossip.stderr}`);
    assert.match(gossip.stdout, /:lost-count 0/);

    // Sharded by key over 2 workers, a user's lin-kv node is linearizable; unsharded (each worker
    // its own map, requests spread round-robin) the checker catches stale reads.
    chmodSync(join(project, 'dist', 'kv.js'), 0o755);
    const kv = (shard: string) =>
      spawnSync(glomers, ['test', '-w', 'lin-kv', '--bin', 'dist/kv.js', '--node-count', '1', '--time-limit', '5', '--rate', '100', '--concurrency', '4', '--seed', '3'], {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, GLOMERS_WORKERS: '2', SHARD: shard },
      });
    const sharded = kv('on');
    assert.equal(sharded.status, 0, `stdout:\n${sharded.stdout}\nstderr:\n${sharded.stderr}`);
    assert.match(sharded.stdout, /Everything looks good/);
    const unsharded = kv('off');
    assert.equal(unsharded.status, 1, unsharded.stdout.slice(-2000));
    assert.match(unsharded.stdout, /✗ workload: not linearizable/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('glomers init scaffolds a project whose build, inline-runner test and challenge 1 pass from its own folder', { timeout: 300_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'glomers-init-'));
  try {
    const project = join(work, 'my-nodes');
    const init = spawnSync(process.execPath, [join(ROOT, 'dist', 'bin', 'glomers.js'), 'init', project, '--from', tarball()], { encoding: 'utf8' });
    assert.equal(init.status, 0, init.stderr);
    assert.match(init.stdout, /npm install/);
    const again = spawnSync(process.execPath, [join(ROOT, 'dist', 'bin', 'glomers.js'), 'init', project], { encoding: 'utf8' });
    assert.equal(again.status, 254, 'a folder with files is refused');
    assert.match(again.stderr, /not empty/);

    // Without NODE_TEST_CONTEXT: set by this test runner, it would make the scaffold's own
    // node --test report to us in the runner's internal format instead of printing its results.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_TEST_CONTEXT'));
    const npm = (args: string[]) => spawnSync(NPM, args, { cwd: project, encoding: 'utf8', env });
    const install = npm(['install', '--prefer-offline', '--no-audit', '--no-fund']);
    assert.equal(install.status, 0, install.stderr);
    const unit = npm(['test']);
    assert.equal(unit.status, 0, `npm test in the scaffold:\n${unit.stdout}\n${unit.stderr}`);
    assert.match(unit.stdout + unit.stderr, /pass 1/);
    const challenge = npm(['run', 'challenge', '--', '1', '--official-only']);
    assert.equal(challenge.status, 0, `npm run challenge -- 1:\n${challenge.stdout}\n${challenge.stderr}`);
    assert.match(challenge.stdout, /official: 1\/1 built challenges pass/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
