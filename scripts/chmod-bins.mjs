// tsc keeps a shebang line but not the executable bit, and Maelstrom (and `glomers test`) exec
// --bin directly, so every compiled bin and test fixture node is made executable here.
import { chmodSync, readdirSync, existsSync } from 'node:fs';

for (const rel of ['../dist/bin/', '../dist-test/test/fixtures/']) {
  const dir = new URL(rel, import.meta.url);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) if (name.endsWith('.js')) chmodSync(new URL(name, dir), 0o755);
}
