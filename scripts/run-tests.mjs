// Node 20's test runner does not expand globs, and given a directory it treats every .js under a
// folder named "test" as a test file (fixtures included). So we list *.test.js files ourselves.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const passThrough = args.filter((a) => a.startsWith('--'));
const roots = args.filter((a) => !a.startsWith('--'));
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.js')) files.push(path);
  }
};
// A file is run as given; a directory is searched for *.test.js.
for (const root of roots.length ? roots : ['dist-test/test']) {
  if (!existsSync(root)) {
    console.error(`no such test file or folder: ${root} (run the build first: npm run build)`);
    process.exit(1);
  }
  if (statSync(root).isDirectory()) walk(root);
  else files.push(root);
}
if (files.length === 0) {
  console.error(`no *.test.js files under ${roots.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', ...passThrough, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
