/**
 * `glomers init <dir>`: a new project for one's own nodes, ready to build, unit-test and run under
 * `glomers test` — an echo node in one file, a test that drives it with the inline runner (no
 * processes, no threads), and npm scripts for every challenge. The files are templates here rather
 * than a copied folder so the package carries no second tree to keep in step.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { HarnessError } from '../options.js';

/** What init writes, by path relative to the project folder. */
export function scaffoldFiles(name: string, glomersSpec: string, typescriptSpec: string, typesNodeSpec: string): Record<string, string> {
  const packageJson = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      build: 'tsc -p . && node -e "for (const f of require(\'fs\').readdirSync(\'dist\')) if (f.endsWith(\'.js\') && !f.endsWith(\'.test.js\')) require(\'fs\').chmodSync(\'dist/\' + f, 0o755)"',
      // A shell glob: given a folder, node --test would also run echo.js itself, which waits on stdin.
      test: 'npm run build && node --test dist/*.test.js',
      'test:echo': 'npm run build && glomers test -w echo --bin dist/echo.js --node-count 1 --time-limit 10',
      challenge: 'npm run build && glomers challenge --bin-dir dist',
    },
    dependencies: { glomers: glomersSpec },
    devDependencies: { typescript: typescriptSpec, '@types/node': typesNodeSpec },
  };
  return {
    'package.json': JSON.stringify(packageJson, null, 2) + '\n',
    'tsconfig.json':
      JSON.stringify(
        { compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'dist', rootDir: 'src', types: ['node'] }, include: ['src'] },
        null,
        2,
      ) + '\n',
    '.gitignore': 'node_modules/\ndist/\nstore/\n',
    'src/echo.ts': `#!/usr/bin/env node
// Challenge 1. One file both defines the node (run in a worker thread) and, when run as a program,
// starts it (main thread); a test that imports it gets only the definition.
import { defineNode, handleRpc, runNodeIfMain } from 'glomers';

export default defineNode((node) => {
  handleRpc(node, 'echo', 'echo', (message, reply) => reply({ type: 'echo_ok', echo: message.body.echo }));
});

runNodeIfMain(import.meta.url);
`,
    'src/echo.test.ts': `// Drives the node with JSON lines in one thread and compares the lines it writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInlineNode } from 'glomers';
import echo from './echo.js';

const line = (body: Record<string, unknown>) => JSON.stringify({ src: 'c1', dest: 'n1', body });
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('echo answers with the same text', async () => {
  const node = await createInlineNode(echo);
  node.receive(line({ type: 'init', msg_id: 1, node_id: 'n1', node_ids: ['n1'] }));
  node.receive(line({ type: 'echo', msg_id: 2, echo: 'hello' }));
  await settle();
  const replies = node.take();
  assert.deepEqual(replies.at(-1), { src: 'n1', dest: 'c1', body: { type: 'echo_ok', echo: 'hello', in_reply_to: 2 } });
});
`,
    'README.md': `# ${name}

Maelstrom nodes on [glomers](https://www.npmjs.com/package/glomers).

\`\`\`sh
npm install
npm test                          # build, then the unit tests (inline runner: no processes)
npm run test:echo                 # echo under glomers test (Maelstrom's flags)
npm run challenge -- 1            # challenge 1's official command and criteria on dist/echo.js
\`\`\`

Add a node per challenge as \`src/<name>.ts\` (\`unique-ids\`, \`broadcast\`, \`counter\`, \`kafka\`, \`txn\`):
\`npm run challenge -- <id>\` runs the official command on \`dist/<name>.js\`.
`,
  };
}

/** Writes the scaffold into `dir` (created if missing; refused if it has files). Returns the paths written. */
export function initProject(dir: string, glomersSpec: string, toolVersions: { typescript: string; typesNode: string }): string[] {
  const root = resolve(dir);
  if (existsSync(root) && readdirSync(root).length > 0) throw new HarnessError(`glomers init: ${root} is not empty; give a new or empty folder`, 254);
  const files = scaffoldFiles(basename(root).toLowerCase().replace(/[^a-z0-9-]/g, '-') || 'my-nodes', glomersSpec, toolVersions.typescript, toolVersions.typesNode);
  const written: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, text);
    written.push(target);
  }
  return written;
}

/** Adds `init` to a commander program. `version` is this package's, the default dependency range. */
export function registerInitCommand(program: Command, version: string, out: (line: string) => void = (line) => console.log(line)): Command {
  const command = program
    .command('init')
    .description('Scaffolds a project for your own nodes: an echo node in one file, a unit test with the inline runner, npm scripts for glomers test and every challenge.')
    .argument('<dir>', 'a new or empty folder')
    .option('--from <spec>', 'how the project depends on glomers: a version range, a tarball or a folder', `^${version}`)
    .action((dir: string, flags: { from: string }) => {
      const spec = /^[.~/]/.test(flags.from) ? `file:${resolve(flags.from)}` : flags.from;
      initProject(dir, spec, { typescript: '~5.9.3', typesNode: '^20.19.0' });
      out(`Created ${resolve(dir)}. Next:\n  cd ${dir}\n  npm install\n  npm test\n  npm run challenge -- 1`);
      program.setOptionValue('exitCode', 0);
    });
  command.exitOverride();
  return command;
}
