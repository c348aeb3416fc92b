#!/usr/bin/env node
// Challenge 2 (unique-ids). Main thread: stdio framing only; the node runs in a worker thread.
// GLOMERS_WORKERS=2 also works (the node keeps no state), but on a 2-core machine it measured
// no steadier gain than one worker and starts slower, so this node keeps the runtime default.
import { runNode } from '../main/run-node.js';

runNode(new URL('../challenges/unique-ids.js', import.meta.url));
