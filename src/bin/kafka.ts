#!/usr/bin/env node
// Challenges 5a-5c (kafka). Main thread: stdio framing only; the node runs in a worker.
import { runNode } from '../main/run-node.js';

runNode(new URL('../challenges/kafka.js', import.meta.url));
