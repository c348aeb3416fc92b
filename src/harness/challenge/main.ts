#!/usr/bin/env node
/**
 * `node dist/harness/challenge/main.js <id|all> [flags]`: the challenge table without the glomers
 * CLI, for testing it on its own. Same flags and exit codes as `glomers challenge`.
 */
import { challengeMain } from './command.js';

const code = await challengeMain(process.argv.slice(2));
process.exitCode = code;
// Leave time for stdout to flush; nothing else should hold the loop open after the table.
setTimeout(() => process.exit(code), 200).unref();
