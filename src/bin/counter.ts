#!/usr/bin/env node
// Challenge 4 (grow-only counter on seq-kv). Main thread: stdio framing only; the node runs in a worker.
import { runNode } from '../main/run-node.js';

runNode(new URL('../challenges/counter.js', import.meta.url));
