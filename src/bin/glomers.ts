#!/usr/bin/env node
/**
 * The `glomers` command: `glomers test ...` (Maelstrom's flags), `glomers challenge <id|all>`,
 * `glomers profile <run folder>`, `glomers analyze [run]`, `glomers serve` and `glomers store prune`.
 */
import { registerChallengeCommand } from '../harness/challenge/command.js';
import { registerProfileCommand } from '../harness/profile/command.js';
import { registerStoreCommand } from '../harness/output/prune.js';
import { registerInitCommand } from '../harness/scaffold/init.js';
import { registerAnalyzeCommand } from '../harness/analyze/command.js';
import { registerServeCommand } from '../harness/serve/server.js';
import { packageVersion } from '../harness/scaffold/version.js';
import { main } from '../harness/cli.js';
import { runTest } from '../harness/run.js';

const code = await main(process.argv.slice(2), {
  test: async (options) => (await runTest(options)).exitCode,
  extend: (program) => {
    registerChallengeCommand(program);
    registerProfileCommand(program);
    registerStoreCommand(program);
    registerInitCommand(program, packageVersion());
    registerAnalyzeCommand(program);
    registerServeCommand(program);
  },
});
process.exitCode = code;
// Leave time for stdout to flush; nothing else should hold the loop open after a run.
setTimeout(() => process.exit(code), 200).unref();
