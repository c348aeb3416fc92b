#!/usr/bin/env node
// Challenge 3 (broadcast), latency mode. Main thread: stdio framing only; the node runs in a worker.
import { runNode } from '../main/run-node.js';

runNode(new URL('../challenges/broadcast-latency.js', import.meta.url));
