/**
 * The :net checker (SPEC §3.4, `M:src/maelstrom/net/checker.clj`): send, receive and distinct-message
 * counts over the network journal, for all traffic, traffic involving a client, and the rest
 * ("servers": node↔node and node↔service), plus messages per client operation. Always valid.
 */
import { NEMESIS, type Op } from '../history.js';
import type { JournalEvent } from '../net/journal.js';
import { toSinglePrecision } from '../quantiles.js';
import { ednFloats } from '../edn.js';

/** Counts for one group of journal events. msgs-per-op is set for 'all' and 'servers' only. */
export interface NetCounts extends Record<string, unknown> {
  'send-count': number;
  'recv-count': number;
  /** Distinct message ids; equals send-count in practice. */
  'msg-count': number;
  'msgs-per-op'?: number;
}

/** The :net result. */
export interface NetResult extends Record<string, unknown> {
  all: NetCounts;
  clients: NetCounts;
  servers: NetCounts;
  'valid?': true;
}

/** Maelstrom's client test: an id starting with "c" (c0, c1, ...). */
function isClient(nodeId: string): boolean {
  return nodeId.charCodeAt(0) === 99; // 'c'
}

/**
 * Folds the journal into per-group counts. msgs-per-op = msg-count / number of non-nemesis
 * invocations (final-phase ops included), as a single-precision float; omitted with no invocations.
 */
export function checkNet(events: Iterable<JournalEvent>, history: Op[]): NetResult {
  const all = new Tally();
  const clients = new Tally();
  const servers = new Tally();
  for (const event of events) {
    all.add(event);
    (isClient(event.src) || isClient(event.dest) ? clients : servers).add(event);
  }
  let opCount = 0;
  for (const op of history) if (op.type === 'invoke' && op.process !== NEMESIS) opCount++;
  const result: NetResult = { all: all.counts(), clients: clients.counts(), servers: servers.counts(), 'valid?': true };
  if (opCount > 0) {
    result.all['msgs-per-op'] = toSinglePrecision(result.all['msg-count'] / opCount);
    result.servers['msgs-per-op'] = toSinglePrecision(result.servers['msg-count'] / opCount);
    // Jepsen divides as a float: a whole ratio prints 2.0 in results.edn.
    ednFloats(result.all, 'msgs-per-op');
    ednFloats(result.servers, 'msgs-per-op');
  }
  return result;
}

class Tally {
  private sends = 0;
  private recvs = 0;
  private readonly ids = new Set<number>();

  add(event: JournalEvent): void {
    if (event.kind === 'send') this.sends++;
    else if (event.kind === 'recv') this.recvs++;
    this.ids.add(event.id);
  }

  counts(): NetCounts {
    return { 'send-count': this.sends, 'recv-count': this.recvs, 'msg-count': this.ids.size };
  }
}
