#!/usr/bin/env node
// Challenge 3 (broadcast); mode from the first positional argument (default, latency, messages). Main thread: stdio framing only; the node runs in a worker.
import { runNode } from '../main/run-node.js';

runNode(new URL('../challenges/broadcast.js', import.meta.url));
