/**
 * The short human summary `npm run bench` prints on stderr at the end (the JSON document stays on
 * stdout for scripts): one line per headline figure, so a reader sees the state of things without
 * opening the JSON. A section that is missing or failed says so instead of its figures.
 */

type Figures = Record<string, unknown>;

const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const rec = (x: unknown): Figures | undefined => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Figures) : undefined);

/** 1234567 → "1.23M", 12345 → "12.3k", 12.5 → "12.5". */
export function short(x: unknown): string {
  const n = num(x);
  if (n === undefined) return '-';
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (Math.abs(n) >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(Number(n.toFixed(2)));
}

function row(label: string, text: string): string {
  return `  ${label.padEnd(44)} ${text}`;
}

/** The summary lines for bench/all's `figures` (section name → that section's figures). */
export function summaryLines(figures: Figures): string[] {
  const lines = ['bench summary (figures in the JSON on stdout; 2 shared cores: compare ratios within one run)'];
  for (const [section, value] of Object.entries(figures)) {
    const f = rec(value);
    if (f === undefined) continue;
    if (typeof f.error === 'string') {
      lines.push(row(section, `failed: ${f.error.split('\n')[0]}`));
      continue;
    }
    lines.push(...sectionLines(section, f));
  }
  return lines;
}

function sectionLines(section: string, f: Figures): string[] {
  switch (section) {
    case 'framing':
      return [row('framing lines/s', `${short(rec(f.chunks_on_line_boundaries)?.lines_per_s)} (chunks cut mid-line ${short(rec(f.chunks_cut_mid_line)?.lines_per_s)})`)];
    case 'seen-set': {
      const by = rec(f.adds_per_s_by_threads) ?? {};
      return [row('seen-set adds/s by threads', Object.entries(by).map(([t, v]) => `${t}: ${short(rec(v)?.median)}`).join(', '))];
    }
    case 'hop': {
      const one = rec(f.batch_of_1_line);
      return [row('thread hop round trip p50/p99', `${short(one?.round_trip_p50_us)} / ${short(one?.round_trip_p99_us)} µs`)];
    }
    case 'echo':
      return ratioRows('echo requests/s', rec(f.requests_per_s), rec(f.ratio_vs_baseline));
    case 'nodes':
      return Object.entries(f)
        .filter(([, v]) => rec(v)?.requests_per_s !== undefined)
        .map(([name, v]) => {
          const rates = rec(rec(v)!.requests_per_s)!;
          const vs1 = rec(rec(v)!.ratio_vs_1_worker) ?? {};
          const workers = Object.keys(rates).filter((k) => k.startsWith('workers='));
          return row(name, `${workers.map((k) => `${k.slice(8)}w ${short(rates[k])} (${short(vs1[k] ?? 1)}x)`).join(', ')}; baseline ${short(rates.baseline)}`);
        });
    case 'harness':
      return [row('harness messages/s at full load', `${short(f.messages_per_s_full_load)} (${short(f.cpu_us_per_message)} µs CPU each)`)];
    case 'broadcast':
      return Object.entries(rec(f.by_rate) ?? {}).map(([rate, v]) => {
        const r = rec(v) ?? {};
        const lat = rec(r.stable_latencies_ms);
        return row(
          `broadcast 25 nodes, rate ${rate}`,
          `${r.valid === true ? 'valid' : 'NOT valid'}, ${short(r.achieved_ops_per_s)} ops/s, ${short(r.servers_msgs_per_op)} msgs/op, stable p50/max ${short(lat?.p50)}/${short(lat?.p100)} ms, ${short(r.node_cpu_seconds_per_1000_ops)} CPU s per 1000 ops`,
        );
      });
    default:
      return [];
  }
}

function ratioRows(label: string, rates: Figures | undefined, ratios: Figures | undefined): string[] {
  if (!rates) return [row(label, '-')];
  const brief = (name: string) => name.split(' (')[0].replace('glomers, ', '').replace(' handler worker', ' worker');
  return Object.entries(rates).map(([name, rate]) => row(`${label}: ${brief(name)}`, `${short(rate)}${ratios?.[name] !== undefined ? ` (${short(ratios[name])}x baseline)` : ''}`));
}
