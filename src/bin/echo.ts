#!/usr/bin/env node
// Challenge 1 (echo). Main thread: stdio framing only; the node runs in a worker thread.
// GLOMERS_WORKERS=2 also works (the node keeps no state), but on a 2-core machine it measured
// no steadier gain than one worker and starts slower, so this node keeps the runtime default.
import { runNode } from '../main/run-node.js';

runNode(new URL('../challenges/echo.js', import.meta.url));
