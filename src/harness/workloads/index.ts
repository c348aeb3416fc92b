/**
 * The workload registry: `-w NAME` looks a workload up here. To add one, implement `Workload`
 * (src/harness/workload.ts) in its own file and add it to WORKLOADS.
 */
import type { Workload } from '../workload.js';
import { broadcast } from './broadcast.js';
import { echo } from './echo.js';
import { gCounter } from './g-counter.js';
import { gSet } from './g-set.js';
import { kafka } from './kafka.js';
import { linKv } from './lin-kv.js';
import { pnCounter } from './pn-counter.js';
import { txnListAppend } from './txn-list-append.js';
import { txnRwRegister } from './txn-rw-register.js';
import { uniqueIds } from './unique-ids.js';

/** Every workload `glomers test -w` knows, by name. */
export const WORKLOADS: Map<string, Workload> = new Map([echo, uniqueIds, broadcast, gSet, linKv, gCounter, pnCounter, kafka, txnRwRegister, txnListAppend].map((w) => [w.name, w]));

/** Maelstrom's full workload list, for the error message when a name is unknown or not built yet. */
export const MAELSTROM_WORKLOADS = ['broadcast', 'echo', 'g-counter', 'g-set', 'kafka', 'lin-kv', 'pn-counter', 'txn-list-append', 'txn-rw-register', 'unique-ids'];

/** Registers another workload (used by later workload modules). */
export function registerWorkload(workload: Workload): void {
  WORKLOADS.set(workload.name, workload);
}
