/**
 * Plugs the four services into the simulated network as in-process participants (SPEC §6,
 * Maelstrom's service-thread). Requests and replies go through the network like any message: they
 * pay latency and are journalled, and since no service id starts with `c` they count as server
 * messages. Each service answers deliveries one at a time, in deadline order, synchronously: the
 * delivery callback is its handler queue, and a reply is only queued on the network, never
 * delivered re-entrantly.
 */
import { SERVICE_IDS, type BaseBody, type ServiceId } from '../../shared/protocol.js';
import { createService } from './index.js';
import type { Service } from './service.js';

/** The part of the harness network a service needs (src/harness/net/network.ts Network fits). */
export interface ServiceNetwork {
  /** Adds a participant; returns a function that removes it. */
  registerParticipant(id: string, deliver: (message: { src: string; dest: string; body: BaseBody }) => void): () => void;
  /** Sends with latency; throws when src or dest is unknown. */
  send(src: string, dest: string, body: BaseBody): number;
}

/** Options for attachServices. */
export interface AttachOptions {
  /** Source in [0, 1) for seq-kv's and lww-kv's choices; fork it from the run's seed. */
  random: () => number;
  /** Where dropped requests are reported (Maelstrom logs "Error in service worker!"). Default: none. */
  warn?: (text: string) => void;
  /** Which services to attach. Default all four. */
  ids?: readonly ServiceId[];
}

/** The attached services, and how to take them off the network. */
export interface AttachedServices {
  services: Map<ServiceId, Service>;
  /** Requests that got no reply (unknown type, lww-kv merge quirk), by service. */
  dropped: Map<ServiceId, number>;
  detach(): void;
}

/** Registers every service on the network; call before any node starts. */
export function attachServices(network: ServiceNetwork, options: AttachOptions): AttachedServices {
  const services = new Map<ServiceId, Service>();
  const dropped = new Map<ServiceId, number>();
  const removers: Array<() => void> = [];
  for (const id of options.ids ?? SERVICE_IDS) {
    const service = createService(id, options.random);
    services.set(id, service);
    dropped.set(id, 0);
    removers.push(
      network.registerParticipant(id, (message) => {
        const reply = service.handle(message.src, message.body);
        if (reply === undefined) {
          dropped.set(id, dropped.get(id)! + 1);
          options.warn?.(`${id}: no reply to ${JSON.stringify(message.body).slice(0, 200)} from ${message.src} (Maelstrom's service would throw)`);
          return;
        }
        try {
          network.send(id, message.src, reply);
        } catch (error) {
          // The requester left the network (a closed client): Maelstrom's send! would throw and
          // the service thread would log it and carry on.
          options.warn?.(`${id}: reply to ${message.src} not sent: ${(error as Error).message}`);
        }
      }),
    );
  }
  return { services, dropped, detach: () => removers.forEach((remove) => remove()) };
}
