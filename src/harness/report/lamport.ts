/**
 * A Lamport (message sequence) diagram of the first journal events, like Maelstrom's messages.svg
 * (SPEC §3.5): one vertical line per participant, one arrow per message from its send to its
 * receive, each event one 20 px step down the page. Drawn as plain SVG text, so it needs no
 * library and the browser's native <title> tooltip shows the message on hover.
 */
import type { JournalEvent } from '../net/journal.js';

/** Maelstrom draws at most this many journal events; SVG gets slow to render past it. */
export const LAMPORT_EVENT_LIMIT = 10_000;

/** Arrow colours: errors pink, client traffic light blue, server traffic black (SPEC §3.5). */
export const ARROW_COLORS = { error: '#FF1E90', client: '#81BFFC', server: '#000000' } as const;

/** Which colour class an arrow gets. */
export type ArrowKind = keyof typeof ARROW_COLORS;

/** One message drawn as an arrow. */
export interface LamportArrow {
  id: number;
  src: string;
  dest: string;
  kind: ArrowKind;
  /** The body's `type`, drawn beside the arrow. */
  type: string;
  body: unknown;
  /** Event step of the send, 0-based. */
  sendStep: number;
  /** Event step of the receive; undefined when it was not received within the events shown. */
  recvStep?: number;
  /** Nanoseconds since relative time began. */
  sendTime: number;
  recvTime?: number;
}

/** Everything needed to draw the diagram. */
export interface LamportLayout {
  /** Column order: clients by number, then n0, n1, ..., then services and anything else. */
  participants: string[];
  /** Arrows in order of their send. */
  arrows: LamportArrow[];
  /** Number of event steps drawn. */
  steps: number;
  /** Journal events other than init/init_ok, whether drawn or not. */
  totalEvents: number;
  /** Whether events were left out because of the limit. */
  truncated: boolean;
}

const SKIPPED_TYPES = new Set(['init', 'init_ok']);

function bodyType(body: unknown): string {
  const type = body && typeof body === 'object' ? (body as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : '?';
}

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

/** Lays out the first `limit` journal events that are not init/init_ok. */
export function lamportLayout(journal: readonly JournalEvent[], limit = LAMPORT_EVENT_LIMIT): LamportLayout {
  const arrows: LamportArrow[] = [];
  const bySendId = new Map<number, LamportArrow>();
  const participants = new Set<string>();
  let totalEvents = 0;
  let steps = 0;
  for (const event of journal) {
    const type = bodyType(event.body);
    if (SKIPPED_TYPES.has(type)) continue;
    totalEvents++;
    if (steps >= limit) continue; // keep counting, for the truncation notice
    const step = steps++;
    participants.add(event.src).add(event.dest);
    if (event.kind === 'send') {
      const kind: ArrowKind = type === 'error' ? 'error' : event.src.startsWith('c') || event.dest.startsWith('c') ? 'client' : 'server';
      const arrow: LamportArrow = { id: event.id, src: event.src, dest: event.dest, kind, type, body: event.body, sendStep: step, sendTime: event.time };
      arrows.push(arrow);
      bySendId.set(event.id, arrow);
    } else {
      const arrow = bySendId.get(event.id);
      if (arrow && arrow.recvStep === undefined) {
        arrow.recvStep = step;
        arrow.recvTime = event.time;
      }
    }
  }
  return { participants: sortParticipants(participants), arrows, steps, totalEvents, truncated: totalEvents > steps };
}

/** Drawing options; defaults follow Maelstrom's 1200 px width and 20 px per event. */
export interface LamportSvgOptions {
  /** Minimum width, px. Default 1200; grows to keep 36 px between columns. */
  width?: number;
  /** Vertical distance between events, px. Default 20. */
  stepPx?: number;
  /** Longest message text shown on hover, characters. Default 1000. */
  maxTooltipChars?: number;
}

const HEADER_PX = 40;
const MARGIN_PX = 40;
/** Column names are repeated this often so they stay in view down a long diagram. */
const LABEL_EVERY_STEPS = 50;

/** Escapes text for an XML attribute or element. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function tooltip(arrow: LamportArrow, maxChars: number): string {
  const ms = (ns: number) => `${(ns / 1e6).toFixed(3)} ms`;
  const received = arrow.recvTime === undefined ? 'not received in the events shown (dropped by a partition, in flight at the end, or past the cut)' : `received ${ms(arrow.recvTime)}`;
  let json = JSON.stringify(arrow.body);
  if (json.length > maxChars) json = `${json.slice(0, maxChars)}… (${json.length} chars)`;
  return `${arrow.src} → ${arrow.dest} (message ${arrow.id})\nsent ${ms(arrow.sendTime)}, ${received}\n${json}`;
}

/** The diagram as a standalone <svg> element string. */
export function renderLamportSvg(layout: LamportLayout, options: LamportSvgOptions = {}): string {
  const stepPx = options.stepPx ?? 20;
  const maxChars = options.maxTooltipChars ?? 1000;
  const columns = Math.max(1, layout.participants.length);
  const width = Math.max(options.width ?? 1200, 2 * MARGIN_PX + columns * 36);
  const columnPx = (width - 2 * MARGIN_PX) / columns;
  const xOf = new Map(layout.participants.map((id, i) => [id, MARGIN_PX + columnPx * (i + 0.5)]));
  const yOf = (step: number) => HEADER_PX + stepPx * (step + 1);
  const height = yOf(layout.steps) + stepPx;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="lamport" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    '<defs>',
    ...Object.entries(ARROW_COLORS).flatMap(([kind, color]) => [
      `<marker id="head-${kind}" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${color}"/></marker>`,
      `<marker id="lost-${kind}" viewBox="0 0 10 10" refX="5" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9"><path d="M1,1L9,9M9,1L1,9" stroke="${color}" stroke-width="2"/></marker>`,
    ]),
    '</defs>',
    '<style>.lamport .msg:hover line.arrow{stroke-width:3}.lamport .msg:hover text{font-weight:bold}.lamport line.hit{stroke:transparent;stroke-width:8}</style>',
  );
  for (const [id, x] of xOf) {
    out.push(`<line class="lifeline" x1="${x}" y1="${HEADER_PX}" x2="${x}" y2="${height}" stroke="#bbb"/>`);
    for (let step = 0; step < layout.steps || step === 0; step += LABEL_EVERY_STEPS) {
      const y = step === 0 ? HEADER_PX - 8 : yOf(step) - stepPx / 2;
      out.push(`<text x="${x}" y="${y}" text-anchor="middle" fill="${step === 0 ? '#000' : '#999'}" font-weight="${step === 0 ? 'bold' : 'normal'}">${escapeXml(id)}</text>`);
    }
  }
  for (const arrow of layout.arrows) {
    const x1 = xOf.get(arrow.src)!;
    const y1 = yOf(arrow.sendStep);
    const x2 = xOf.get(arrow.dest)!;
    const received = arrow.recvStep !== undefined;
    // An undelivered message (dropped by a partition, or received after the cut) gets a short dashed
    // stub ending in a cross, kept shorter than a column so it never seems to reach another lifeline.
    const y2 = received ? yOf(arrow.recvStep!) : y1 + stepPx / 2;
    const endX = received ? x2 : x1 + Math.sign(x2 - x1) * Math.min(Math.abs(x2 - x1) / 3, columnPx * 0.45);
    const color = ARROW_COLORS[arrow.kind];
    const dash = received ? '' : ' stroke-dasharray="4 3"';
    const labelX = (x1 + endX) / 2;
    const labelY = (y1 + y2) / 2 - 3;
    out.push(
      `<g class="msg ${arrow.kind}${received ? '' : ' undelivered'}"><title>${escapeXml(tooltip(arrow, maxChars))}</title>`,
      `<line class="hit" x1="${x1}" y1="${y1}" x2="${endX}" y2="${y2}"/>`,
      `<line class="arrow" x1="${x1}" y1="${y1}" x2="${endX}" y2="${y2}" stroke="${color}" stroke-width="1.2"${dash} marker-end="url(#${received ? 'head' : 'lost'}-${arrow.kind})"/>`,
      `<text x="${labelX}" y="${labelY}" text-anchor="middle" fill="${arrow.kind === 'client' ? '#3a7fc4' : color}">${escapeXml(received ? arrow.type : `${arrow.type} → ${arrow.dest}`)}</text></g>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}
