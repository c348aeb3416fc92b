#!/usr/bin/env node
// Challenges 6a-6c (totally-available transactions). Main thread: stdio framing only; the node runs in a worker.
import { runNode } from '../main/run-node.js';

runNode(new URL('../challenges/txn.js', import.meta.url));
