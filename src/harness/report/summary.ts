/**
 * The console summary of a run: the few figures people read first (verdict, ops, availability,
 * messages per op, stable latencies), pulled out of the composed results. Pure: the caller prints it,
 * typically between results.edn and Maelstrom's verdict line.
 */

/** The key figures of one run; a figure is undefined when its checker did not report it. */
export interface SummaryFigures {
  /** The top-level 'valid?': true, false or 'unknown'. */
  valid: unknown;
  /** Checkers whose verdict is false, in results order. */
  invalidCheckers: string[];
  /** Checkers whose verdict is 'unknown', in results order. */
  unknownCheckers: string[];
  /** Completed client ops (:stats). */
  ops?: { count: number; ok: number; fail: number; info: number };
  /** :availability ok-fraction. */
  okFraction?: number;
  /** :net :servers msgs-per-op: the figure challenges 3d/3e judge. */
  serversMsgsPerOp?: number;
  /** :net :all msgs-per-op. */
  allMsgsPerOp?: number;
  /** :net :all msg-count. */
  messages?: number;
  /** :workload stable-latencies (ms by quantile point), for set-full workloads. */
  stableLatencies?: Map<number, number>;
  /** :workload set-full outcome counts, when present. */
  setFull?: { stable: number; lost: number; stale: number; neverRead: number };
  /** "n0 stdout-flood" per fault a node committed (the node-faults checker), when any. */
  nodeFaults?: string[];
}

/** Extracts the key figures from a composed results object (as composeResults returns it). */
export function summaryFigures(results: Record<string, unknown>): SummaryFigures {
  const checkers = Object.entries(results).filter(([name, value]) => name !== 'valid?' && isRecord(value)) as Array<[string, Record<string, unknown>]>;
  const stats = record(results.stats);
  const availability = record(results.availability);
  const net = record(results.net);
  const workload = record(results.workload);
  const figures: SummaryFigures = {
    valid: results['valid?'],
    invalidCheckers: checkers.filter(([, r]) => r['valid?'] === false).map(([name]) => name),
    unknownCheckers: checkers.filter(([, r]) => r['valid?'] === 'unknown').map(([name]) => name),
  };
  const count = num(stats?.count);
  if (count !== undefined) {
    figures.ops = { count, ok: num(stats?.['ok-count']) ?? 0, fail: num(stats?.['fail-count']) ?? 0, info: num(stats?.['info-count']) ?? 0 };
  }
  figures.okFraction = num(availability?.['ok-fraction']);
  figures.serversMsgsPerOp = num(record(net?.servers)?.['msgs-per-op']);
  figures.allMsgsPerOp = num(record(net?.all)?.['msgs-per-op']);
  figures.messages = num(record(net?.all)?.['msg-count']);
  const latencies = workload?.['stable-latencies'];
  if (latencies instanceof Map) figures.stableLatencies = latencies as Map<number, number>;
  const stable = num(workload?.['stable-count']);
  if (stable !== undefined) {
    figures.setFull = {
      stable,
      lost: num(workload?.['lost-count']) ?? 0,
      stale: num(workload?.['stale-count']) ?? 0,
      neverRead: num(workload?.['never-read-count']) ?? 0,
    };
  }
  const faults = record(results['node-faults'])?.faults;
  if (Array.isArray(faults)) figures.nodeFaults = faults.map((f: Record<string, unknown>) => `${String(f.node)} ${String(f.kind)}`);
  return figures;
}

/** Formats the key figures as aligned lines, omitting figures the run did not produce. */
export function formatSummary(results: Record<string, unknown>): string {
  const f = summaryFigures(results);
  const rows: Array<[string, string]> = [['valid?', verdict(f)]];
  if (f.ops) rows.push(['ops', `${f.ops.count} completed: ${f.ops.ok} ok, ${f.ops.fail} fail, ${f.ops.info} info`]);
  if (f.okFraction !== undefined) rows.push(['availability', `ok-fraction ${f.okFraction}`]);
  if (f.messages !== undefined) {
    const perOp = f.serversMsgsPerOp === undefined ? 'no ops' : `servers ${f.serversMsgsPerOp}, all ${f.allMsgsPerOp}`;
    rows.push(['msgs-per-op', `${perOp} (${f.messages} messages)`]);
  }
  if (f.stableLatencies) {
    rows.push(['stable-latencies', [...f.stableLatencies].map(([point, ms]) => `${quantileName(point)} ${ms} ms`).join(', ')]);
  }
  if (f.setFull) {
    const s = f.setFull;
    rows.push(['elements', `${s.stable} stable, ${s.lost} lost, ${s.stale} stale, ${s.neverRead} never read`]);
  }
  if (f.nodeFaults) rows.push(['node faults', f.nodeFaults.join(', ')]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, text]) => `${label.padEnd(width)}  ${text}`).join('\n');
}

function verdict(f: SummaryFigures): string {
  const shown = f.valid === 'unknown' ? 'unknown' : String(f.valid);
  const blame = [
    f.invalidCheckers.length ? `invalid: ${f.invalidCheckers.join(', ')}` : '',
    f.unknownCheckers.length ? `unknown: ${f.unknownCheckers.join(', ')}` : '',
  ].filter(Boolean);
  return blame.length ? `${shown} (${blame.join('; ')})` : shown;
}

/** 0 → min, 1 → max, 0.95 → p95: how people say quantiles. */
function quantileName(point: number): string {
  if (point === 0) return 'min';
  if (point === 1) return 'max';
  return `p${Math.round(point * 1000) / 10}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map);
}

/** `value` as a plain map (not an array or a Map), or undefined. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
