/**
 * Maelstrom's built-in services (SPEC §6) as pure state machines: `createService` builds one by id.
 * attach.ts plugs them into the simulated network.
 */
import { SERVICE_IDS, type ServiceId } from '../../shared/protocol.js';
import { LinKv } from './lin-kv.js';
import { LinTso } from './lin-tso.js';
import { LwwKv } from './lww-kv.js';
import { SeqKv } from './seq-kv.js';
import type { Service } from './service.js';

export { SERVICE_IDS, type ServiceId };
export type { Service } from './service.js';
export { LinKv } from './lin-kv.js';
export { LinTso } from './lin-tso.js';
export { LwwKv } from './lww-kv.js';
export { SeqKv } from './seq-kv.js';

/** Builds a fresh service by id; `random` in [0, 1) drives seq-kv's and lww-kv's choices. */
export function createService(id: ServiceId, random: () => number): Service {
  switch (id) {
    case 'lin-kv':
      return new LinKv();
    case 'seq-kv':
      return new SeqKv(random);
    case 'lww-kv':
      return new LwwKv(random);
    case 'lin-tso':
      return new LinTso();
  }
}

/** One fresh instance of each of the four services, by id. */
export function createServices(random: () => number): Map<ServiceId, Service> {
  return new Map(SERVICE_IDS.map((id) => [id, createService(id, random)]));
}
