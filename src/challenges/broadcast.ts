/**
 * Challenge 3 (broadcast, 3a–3e) on the node runtime. The gossip logic lives in ./broadcast/
 * (pure, simulated in the unit tests); this module wires it to the runtime: `topology` is
 * acknowledged and ignored (each mode picks its own overlay), `broadcast` stores the value in the
 * node-wide SeenSet and gossips it, `read` answers from the SeenSet.
 *
 * Mode: the first positional argument (`--bin dist/bin/broadcast.js latency`), or a fixed mode
 * from a dedicated bin. Gossip runs on the runtime's reliable link (src/node/peer-link.ts, acks
 * piggybacked on traffic that flows anyway, retransmission on a timeout), driven by the mode's
 * strategy rather than a NeighborSender's fixed interval: latency mode sends each value at once,
 * star rounds follow a wall-clock grid.
 *
 * Several handler workers (GLOMERS_WORKERS > 1) share one gossip network per node, so message
 * counts do not grow with the worker count: worker 0 owns the links, and gossip carries
 * `in_reply_to: 0`, which the runtime routes to worker 0 of the receiving node. Any worker answers
 * a client's broadcast: it adds the value to the shared SeenSet, and hands worker 0 the values that
 * were new, once per turn, as one array (NEW_VALUES_TYPE) rather than one line each. Reads are
 * answered by any worker, from the SeenSet. A worker that died between adding values and handing
 * them over left them in the SeenSet only: its replacement asks worker 0 to gossip every value
 * again (REGOSSIP_TYPE), as a replaced worker 0 does by itself.
 */
import { defineNode, onWorker, restartSeq, systemClock, toWorker, type Node, type NodeDefinition } from '../node/index.js';
import type { BroadcastBody } from '../shared/protocol.js';
import { wallClock, type CoreClock } from './broadcast/clock.js';
import { BroadcastCore } from './broadcast/core.js';
import { parseMode, type BroadcastMode } from './broadcast/modes.js';
import { GOSSIP_SHAPE, GOSSIP_TYPE, gossipValuesProblem, storableProblem } from './broadcast/wire.js';

/** The handler worker that owns a node's gossip links. */
const GOSSIP_WORKER = 0;
/** Values another worker of this node added to the SeenSet, for worker 0 to gossip. */
const NEW_VALUES_TYPE = 'broadcast_new_values';
/** Asks worker 0 to gossip every value in the SeenSet again. */
const REGOSSIP_TYPE = 'broadcast_regossip';

/** A broadcast node definition: a fixed mode, or the mode named by the first positional argument. */
export function broadcastNode(fixedMode?: BroadcastMode): NodeDefinition {
  return defineNode((node) => {
    const mode = fixedMode ?? parseMode(node.args[0]);
    let core: BroadcastCore | undefined;

    const start = (firstSeq?: number) =>
      new BroadcastCore({
        nodeId: node.id,
        nodeIds: node.nodeIds,
        mode,
        clock: coreClock(node),
        store: { add: (v) => node.seenSet.add(v), values: () => node.seenSet.values() },
        send: (dest, body) => node.send(dest, toWorker(node, GOSSIP_WORKER, body)),
        firstSeq,
      });
    const ownsGossip = node.workerIndex === GOSSIP_WORKER;
    node.onInit(() => {
      if (!ownsGossip) return;
      core = start();
      node.log.info(`broadcast mode ${mode}, worker ${node.workerIndex}/${node.workerCount}`);
    });
    // A replacement for a dead worker: the values are safe in the SeenSet, but the gossip and
    // retries the dead worker had pending are gone. New links (numbered above any old link's
    // messages, see restartSeq) re-send every value once.
    node.onRecover(() => {
      if (!ownsGossip) return void node.ask(GOSSIP_WORKER, { type: REGOSSIP_TYPE }).catch((error) => node.log.warn(`regossip not asked: ${error}`));
      core?.close();
      core = start(restartSeq());
      regossip();
    });
    const regossip = () => {
      const values = node.seenSet.values();
      core!.resend(values);
      node.log.warn(`broadcast recovered: re-gossiping ${values.length} value(s)`);
    };

    // A worker other than worker 0: the new values it added this turn, handed over in one message.
    let fresh: number[] | undefined;
    const handOver = () => {
      const values = fresh!;
      fresh = undefined;
      node.tell(GOSSIP_WORKER, { type: NEW_VALUES_TYPE, values });
    };

    // Request shapes (SPEC §2.3) are checked by the runtime: a mismatch is answered with error 12.
    node.handle('topology', (message) => node.reply(message, { type: 'topology_ok' }), { body: { topology: { mapOf: { arrayOf: 'string' } } } });
    node.handle<BroadcastBody>('broadcast', (message) => {
      // Gossip is queued before the reply, so peers' copies are on their way before the client hears ok.
      if (ownsGossip) core!.broadcast(message.body.message);
      else if (node.seenSet.add(message.body.message) && !node.replaying) {
        if (fresh === undefined) {
          fresh = [];
          queueMicrotask(handOver);
        }
        fresh.push(message.body.message);
      }
      node.reply(message, { type: 'broadcast_ok' });
    }, { body: { message: 'int' }, validate: (body) => storableProblem('broadcast: message', body.message) });
    node.handle(NEW_VALUES_TYPE, onWorker(node, GOSSIP_WORKER, (message) => core!.resend(message.body.values as number[])), { body: { values: { arrayOf: 'int' } }, internal: true });
    node.handle(REGOSSIP_TYPE, onWorker(node, GOSSIP_WORKER, (message) => {
      regossip();
      node.reply(message, { type: 'broadcast_regossip_ok' });
    }), { body: {}, internal: true });
    node.handle('read', (message) => node.reply(message, { type: 'read_ok', messages: node.seenSet.values() }), { body: {} });
    // Malformed gossip (no msg_id) is logged and dropped by the runtime before it reaches the core.
    // Routed to the gossip worker by in_reply_to (toWorker); handed over if it lands elsewhere.
    node.handle(GOSSIP_TYPE, onWorker(node, GOSSIP_WORKER, (message) => {
      if (!core!.receive(message.src, message.body)) node.log.warn(`ignored malformed gossip from ${message.src}`);
    }), { body: GOSSIP_SHAPE, validate: gossipValuesProblem });
  });
}

/**
 * Star rounds are aligned to the clock across node processes, so the real node uses Date.now()
 * (the runtime's systemClock is performance.now(), whose origin differs per process); a test's
 * fake clock is used as given.
 */
function coreClock(node: Node): CoreClock {
  return node.clock === systemClock ? wallClock : node.clock;
}

export default broadcastNode();
