#!/usr/bin/env node
// Challenge 2 (unique-ids). Main thread: stdio framing only; the node runs in a worker.
import { runNode } from '../main/run-node.js';

runNode(new URL('../challenges/unique-ids.js', import.meta.url));
