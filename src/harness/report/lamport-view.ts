/**
 * The report's Lamport diagram, drawn in the browser for a chosen time window (issue 15): a
 * 25-node run has tens of thousands of messages, which no single SVG shows usefully, and a diagram
 * of "the first 10,000 events" only shows the start. The page carries every message compactly (up
 * to MAX_MESSAGES, bodies cut to BODY_CHARS) and draws the window the reader picks. Lanes: nodes
 * first, then services (lin-kv...), then the clients, as one lane when there are many of them.
 */
import type { JournalEvent } from '../net/journal.js';

/** Arrow colours: errors pink, client traffic light blue, server traffic black (SPEC §3.5). */
export const ARROW_COLORS = { error: '#FF1E90', client: '#81BFFC', server: '#000000' } as const;

/** Orders node ids as Maelstrom's diagram does: c<k> by k, then n<k> by k, then the rest by name. */
export function sortParticipants(ids: Iterable<string>): string[] {
  const rank = (id: string): [number, number, string] => {
    const client = /^c(\d+)$/.exec(id);
    if (client) return [0, Number(client[1]), id];
    const node = /^n(\d+)$/.exec(id);
    if (node) return [1, Number(node[1]), id];
    return [2, 0, id];
  };
  return [...new Set(ids)].sort((a, b) => {
    const [ga, na, sa] = rank(a);
    const [gb, nb, sb] = rank(b);
    return ga - gb || na - nb || (sa < sb ? -1 : sa > sb ? 1 : 0);
  });
}

/** Messages carried in the page; past this the rest is counted, not drawn. */
export const MAX_MESSAGES = 60_000;
/** Characters of a body kept for the hover panel. */
const BODY_CHARS = 400;
/** More client ids than this share one lane, "clients". */
const CLIENT_LANES_MAX = 6;
/** The window a report opens on holds at most this many events (sends and receives). */
const DEFAULT_WINDOW_EVENTS = 2000;
/** Window lengths offered, ms (0: the whole run). */
export const WINDOW_SPANS_MS = [50, 100, 250, 500, 1000, 2000, 5000, 10_000, 0];

/** Everything the browser needs, as parallel arrays (one entry per message). */
export interface LamportViewData {
  lanes: string[];
  /** Send and receive times, ms since relative time began; receive −1 when never received. */
  send: number[];
  recv: number[];
  /** Lane indexes. */
  from: number[];
  to: number[];
  /** 0 client, 1 server, 2 error body. */
  kind: number[];
  type: string[];
  /** Real ids (the lane may be "clients"), message id, and the body as JSON (cut). */
  src: string[];
  dest: string[];
  id: number[];
  body: string[];
  endMs: number;
  /** Messages left out beyond MAX_MESSAGES. */
  omitted: number;
  /** Window length the page opens with, ms (0: all). */
  defaultSpanMs: number;
  colors: typeof ARROW_COLORS;
}

const SKIPPED = new Set(['init', 'init_ok']);

/** Builds the diagram's data from the journal (init and init_ok left out, as Maelstrom does). */
export function lamportViewData(journal: readonly JournalEvent[], maxMessages = MAX_MESSAGES): LamportViewData {
  const ids = new Set<string>();
  const index = new Map<number, number>();
  const data: LamportViewData = { lanes: [], send: [], recv: [], from: [], to: [], kind: [], type: [], src: [], dest: [], id: [], body: [], endMs: 0, omitted: 0, defaultSpanMs: 0, colors: ARROW_COLORS };
  for (const event of journal) {
    const body = event.body as { type?: unknown } | null;
    const type = body && typeof body.type === 'string' ? body.type : '?';
    if (SKIPPED.has(type)) continue;
    const ms = event.time / 1e6;
    if (ms > data.endMs) data.endMs = ms;
    if (event.kind === 'recv') {
      const i = index.get(event.id);
      if (i !== undefined && data.recv[i] < 0) data.recv[i] = ms;
      continue;
    }
    if (data.send.length >= maxMessages) {
      data.omitted++;
      continue;
    }
    ids.add(event.src).add(event.dest);
    index.set(event.id, data.send.length);
    data.send.push(ms);
    data.recv.push(-1);
    data.kind.push(type === 'error' ? 2 : isClient(event.src) || isClient(event.dest) ? 0 : 1);
    data.type.push(type);
    data.src.push(event.src);
    data.dest.push(event.dest);
    data.id.push(event.id);
    const json = JSON.stringify(event.body) ?? '';
    data.body.push(json.length > BODY_CHARS ? `${json.slice(0, BODY_CHARS)}… (${json.length} chars)` : json);
  }
  const clients = [...ids].filter(isClient);
  const grouped = clients.length > CLIENT_LANES_MAX;
  const others = sortParticipants([...ids].filter((id) => !isClient(id)));
  data.lanes = [...others.filter((id) => /^n\d+$/.test(id)), ...others.filter((id) => !/^n\d+$/.test(id)), ...(grouped ? (clients.length ? ['clients'] : []) : sortParticipants(clients))];
  const lane = new Map(data.lanes.map((id, i) => [id, i]));
  const laneOf = (id: string) => lane.get(grouped && isClient(id) ? 'clients' : id) ?? 0;
  data.from = data.src.map(laneOf);
  data.to = data.dest.map(laneOf);
  data.defaultSpanMs = defaultSpan(data);
  return data;
}

function isClient(id: string): boolean {
  return /^c\d+$/.test(id);
}

/** The longest offered window whose first stretch holds at most DEFAULT_WINDOW_EVENTS events. */
function defaultSpan(data: LamportViewData): number {
  const events = (span: number) => {
    let n = 0;
    for (let i = 0; i < data.send.length; i++) {
      if (span === 0 || data.send[i] <= span) n++;
      if (data.recv[i] >= 0 && (span === 0 || data.recv[i] <= span)) n++;
    }
    return n;
  };
  let best = WINDOW_SPANS_MS[0];
  for (const span of WINDOW_SPANS_MS) if (events(span) <= DEFAULT_WINDOW_EVENTS) best = span;
  return best;
}

// The browser script below runs in the page, where this name exists.
declare const document: any;

/**
 * Draws the diagram into #lamport for the window the controls pick (#lamport-start, #lamport-span),
 * and redraws when they change. Runs in the browser: only its argument and the page's globals.
 */
export function drawLamport(data: LamportViewData): void {
  const host = document.getElementById('lamport');
  const startInput = document.getElementById('lamport-start');
  const spanSelect = document.getElementById('lamport-span');
  const status = document.getElementById('lamport-status');
  if (!host || !startInput || !spanSelect) return;
  const KINDS = ['client', 'server', 'error'];
  const MAX_EVENTS = 4000;
  const STEP = 20;
  const HEADER = 40;
  const MARGIN = 40;
  const esc = (t: string) => t.replace(/[&<>"']/g, (c: string) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' } as Record<string, string>)[c]);
  startInput.max = String(Math.ceil(data.endMs));
  spanSelect.value = String(data.defaultSpanMs);

  const draw = () => {
    const span = Number(spanSelect.value);
    const from = span === 0 ? 0 : Number(startInput.value);
    const to = span === 0 ? Infinity : from + span;
    startInput.disabled = span === 0;
    // Events in the window, in time order: [time, message, isReceive].
    const events: Array<[number, number, boolean]> = [];
    for (let i = 0; i < data.send.length; i++) {
      if (data.send[i] >= from && data.send[i] <= to) {
        events.push([data.send[i], i, false]);
        if (data.recv[i] >= 0 && data.recv[i] <= to) events.push([data.recv[i], i, true]);
      }
    }
    events.sort((a, b) => a[0] - b[0] || Number(a[2]) - Number(b[2]));
    const shown = events.slice(0, MAX_EVENTS);
    const lanes = data.lanes.length;
    const width = Math.max(1200, 2 * MARGIN + lanes * 40);
    const col = (width - 2 * MARGIN) / Math.max(1, lanes);
    const x = (lane: number) => MARGIN + col * (lane + 0.5);
    const y = (step: number) => HEADER + STEP * (step + 1);
    const height = y(shown.length) + STEP;
    const sendStep = new Map<number, number>();
    const recvStep = new Map<number, number>();
    shown.forEach(([, i, isRecv], step) => (isRecv ? recvStep : sendStep).set(i, step));
    const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" class="lamport" width="${width}" height="${height}" font-family="sans-serif" font-size="11"><defs>`];
    KINDS.forEach((k) => {
      const c = (data.colors as Record<string, string>)[k];
      out.push(`<marker id="head-${k}" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${c}"/></marker>`);
      out.push(`<marker id="lost-${k}" viewBox="0 0 10 10" refX="5" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9"><path d="M1,1L9,9M9,1L1,9" stroke="${c}" stroke-width="2"/></marker>`);
    });
    out.push('</defs><style>.lamport .msg:hover line.arrow{stroke-width:3}.lamport line.hit{stroke:transparent;stroke-width:8}</style>');
    data.lanes.forEach((name, lane) => {
      out.push(`<line class="lifeline" x1="${x(lane)}" y1="${HEADER}" x2="${x(lane)}" y2="${height}" stroke="#bbb"/>`);
      for (let step = 0; step < shown.length || step === 0; step += 50) {
        out.push(`<text x="${x(lane)}" y="${step === 0 ? HEADER - 8 : y(step) - STEP / 2}" text-anchor="middle" fill="${step === 0 ? '#000' : '#999'}" font-weight="${step === 0 ? 'bold' : 'normal'}">${esc(name)}</text>`);
      }
    });
    for (const [i, step] of sendStep) {
      const k = KINDS[data.kind[i]];
      const color = (data.colors as Record<string, string>)[k];
      const x1 = x(data.from[i]);
      const x2 = x(data.to[i]);
      const y1 = y(step);
      const received = recvStep.has(i);
      const y2 = received ? y(recvStep.get(i)!) : y1 + STEP / 2;
      const endX = received ? x2 : x1 + Math.sign(x2 - x1 || 1) * Math.min(Math.abs(x2 - x1) / 3 || col * 0.3, col * 0.45);
      const fate = received ? `received ${data.recv[i].toFixed(3)} ms` : data.recv[i] >= 0 ? `received ${data.recv[i].toFixed(3)} ms, after this window` : 'never received (dropped by a partition, or in flight at the end)';
      const title = `${data.src[i]} → ${data.dest[i]} (message ${data.id[i]})\nsent ${data.send[i].toFixed(3)} ms, ${fate}\n${data.body[i]}`;
      out.push(
        `<g class="msg ${k}${received ? '' : ' undelivered'}"><title>${esc(title)}</title>`,
        `<line class="hit" x1="${x1}" y1="${y1}" x2="${endX}" y2="${y2}"/>`,
        `<line class="arrow" x1="${x1}" y1="${y1}" x2="${endX}" y2="${y2}" stroke="${color}" stroke-width="1.2"${received ? '' : ' stroke-dasharray="4 3"'} marker-end="url(#${received ? 'head' : 'lost'}-${k})"/>`,
        `<text x="${(x1 + endX) / 2}" y="${(y1 + y2) / 2 - 3}" text-anchor="middle" fill="${k === 'client' ? '#3a7fc4' : color}">${esc(received ? data.type[i] : `${data.type[i]} → ${data.dest[i]}`)}</text></g>`,
      );
    }
    out.push('</svg>');
    host.innerHTML = out.join('');
    const windowText = span === 0 ? 'the whole run' : `${from.toFixed(0)}–${(from + span).toFixed(0)} ms`;
    const cut = events.length > shown.length ? ` (the first ${shown.length} drawn: pick a shorter window)` : '';
    if (status) status.textContent = `${windowText}: ${events.length} events${cut}; run ends at ${data.endMs.toFixed(0)} ms.`;
  };
  startInput.addEventListener('input', draw);
  spanSelect.addEventListener('change', draw);
  draw();
}
