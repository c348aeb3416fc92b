#!/usr/bin/env node
// Challenge 3 (broadcast), message mode. Main thread: stdio framing only; the node runs in a worker.
import { runNode } from '../main/run-node.js';

runNode(new URL('../challenges/broadcast-messages.js', import.meta.url));
