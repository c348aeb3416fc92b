/**
 * A discrete-event simulation of a Maelstrom broadcast run, for tuning and testing the broadcast
 * cores without the runtime or the harness: a fake clock, constant (or jittered) link latency,
 * clients at 0 ms latency issuing broadcasts and reads at a rate (gaps uniform on [0, 2/rate)),
 * round-robin over nodes, the partition nemesis (grudges checked when a message is dequeued), the
 * final heal + 10 s quiet + one final read per node, and a set-full style checker (SPEC §2.3).
 */
import { BroadcastCore } from '../../../src/challenges/broadcast/core.js';
import type { CoreClock } from '../../../src/challenges/broadcast/clock.js';
import type { BroadcastMode, ModeParams } from '../../../src/challenges/broadcast/modes.js';
import { seeded } from '../../support/seeded.js';
import { setFull, type SetFullResult, type SimOp } from './set-full.js';

/** What to simulate. */
export interface SimOptions {
  nodeCount: number;
  rate: number;
  timeLimitS: number;
  latencyMs: number;
  mode: BroadcastMode;
  seed: number;
  /** Run the partition nemesis (interval 10 s). */
  partitions?: boolean;
  /** Extra per-message delay, uniform on [0, jitterMs): node scheduling noise. */
  jitterMs?: number;
  /** Parameter overrides for the mode. */
  params?: Partial<ModeParams>;
  /** Drop every server message from src to dest for the whole main phase (a targeted test). */
  blackhole?: Array<[string, string]>;
}

/** What a simulated run measured. */
export interface SimResult extends SetFullResult {
  serverMessages: number;
  ops: number;
  msgsPerOp: number;
}

interface Event {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** A min-heap event queue keyed by (time, insertion order). */
class EventQueue {
  private heap: Event[] = [];
  private seq = 0;
  now = 0;
  push(at: number, fn: () => void): Event {
    const e = { at, seq: this.seq++, fn, cancelled: false };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
    return e;
  }
  runUntil(t: number): void {
    const h = this.heap;
    while (h.length > 0 && h[0].at <= t) {
      const e = h[0];
      const last = h.pop()!;
      if (h.length > 0) {
        h[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < h.length && less(h[l], h[m])) m = l;
          if (r < h.length && less(h[r], h[m])) m = r;
          if (m === i) break;
          [h[i], h[m]] = [h[m], h[i]];
          i = m;
        }
      }
      if (e.cancelled) continue;
      this.now = Math.max(this.now, e.at);
      e.fn();
    }
    this.now = Math.max(this.now, t);
  }
}

function less(a: Event, b: Event): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** Runs one simulated test and checks it. */
export function simulate(o: SimOptions): SimResult {
  const random = seeded(o.seed);
  const q = new EventQueue();
  const clock: CoreClock = {
    now: () => q.now,
    setTimeout: (fn, ms) => q.push(q.now + Math.max(0, ms), fn),
    clearTimeout: (h) => {
      (h as Event).cancelled = true;
    },
  };
  const ids = Array.from({ length: o.nodeCount }, (_, i) => `n${i}`);
  const blocked = new Set<string>();
  const black = new Set((o.blackhole ?? []).map(([s, d]) => `${d}<${s}`));
  let mainPhase = true;
  let serverMessages = 0;
  const nodes = new Map<string, BroadcastCore>();
  for (const id of ids) {
    const send = (dest: string, body: object): void => {
      serverMessages++;
      const wire = JSON.stringify(body);
      const delay = o.latencyMs + (o.jitterMs ? random() * o.jitterMs : 0);
      q.push(q.now + delay, () => {
        // Maelstrom checks grudges when the message is dequeued, not when it was sent.
        if (blocked.has(`${dest}<${id}`)) return;
        if (mainPhase && black.has(`${dest}<${id}`)) return;
        nodes.get(dest)!.receive(id, JSON.parse(wire));
      });
    };
    nodes.set(id, new BroadcastCore({ nodeId: id, nodeIds: ids, mode: o.mode, params: o.params, clock, send }));
  }

  const history: SimOp[] = [];
  const record = (f: 'add' | 'read', value: unknown, final = false): void => {
    const time = q.now;
    history.push({ type: 'invoke', f, value: f === 'add' ? value : null, time, final });
    history.push({ type: 'ok', f, value, time, final });
  };

  // Client ops: one global stagger; round-robin over threads, thread i talks to node i mod N.
  const endMs = o.timeLimitS * 1000;
  let t = 0;
  let opCount = 0;
  let nextValue = 0;
  for (;;) {
    t += random() * (2000 / o.rate);
    if (t >= endMs) break;
    const node = nodes.get(ids[opCount % ids.length])!;
    opCount++;
    if (random() < 0.5) {
      const v = nextValue++;
      q.push(t, () => {
        node.broadcast(v);
        record('add', v);
      });
    } else {
      q.push(t, () => record('read', node.read()));
    }
  }

  if (o.partitions) schedulePartitions(q, random, ids, blocked, endMs);
  q.runUntil(endMs);
  mainPhase = false;
  blocked.clear();
  q.runUntil(endMs + 10_000);
  for (const id of ids) record('read', nodes.get(id)!.read(), true);
  for (const node of nodes.values()) node.close();

  const checked = setFull(history);
  const ops = history.filter((op) => op.type === 'invoke').length;
  return { ...checked, serverMessages, ops, msgsPerOp: serverMessages / ops };
}

/** The partition nemesis: start/stop alternate with gaps uniform on [0, 20) s, the first at t=0. */
function schedulePartitions(
  q: EventQueue,
  random: () => number,
  ids: string[],
  blocked: Set<string>,
  endMs: number,
): void {
  let t = 0;
  let start = true;
  while (t < endMs) {
    const isStart = start;
    q.push(t, () => {
      blocked.clear();
      if (isStart) for (const [dest, src] of grudge(random, ids)) blocked.add(`${dest}<${src}`);
    });
    start = !start;
    t += random() * 20_000;
  }
}

/** One random grudge spec (one, minority-third, majority, majorities-ring) as [dest, src] pairs. */
export function grudge(random: () => number, ids: string[]): Array<[string, string]> {
  const shuffled = [...ids].sort(() => random() - 0.5);
  const pairs: Array<[string, string]> = [];
  const split = (cut: number): void => {
    const a = new Set(shuffled.slice(0, cut));
    for (const d of ids) for (const s of ids) if (a.has(d) !== a.has(s)) pairs.push([d, s]);
  };
  const spec = Math.floor(random() * 4);
  if (spec === 0) split(1);
  else if (spec === 1) split(Math.floor((ids.length - 1) / 3));
  else if (spec === 2) split(Math.floor(ids.length / 2));
  else {
    // Majorities ring: each node sees a majority window around it in a shuffled ring.
    const m = Math.floor(ids.length / 2) + 1;
    const n = shuffled.length;
    for (let i = 0; i < n; i++) {
      const window = new Set<string>();
      for (let j = 0; j < m; j++) window.add(shuffled[(i - Math.floor(m / 2) + j + n) % n]);
      for (const s of ids) if (!window.has(s)) pairs.push([shuffled[i], s]);
    }
  }
  return pairs;
}
