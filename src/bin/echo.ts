#!/usr/bin/env node
// Challenge 1 (echo). Main thread: stdio framing only; the node runs in a worker.
import { runNode } from '../main/run-node.js';

runNode(new URL('../challenges/echo.js', import.meta.url));
