/**
 * The printed challenge table: one line per run with the measured figures and ✓/✗ for the official
 * criteria and our targets, then each row's criteria with the figure each one read, then errors
 * and a one-line tally. Pure: returns text.
 */
import { isAbsolute, relative } from 'node:path';
import { fixed, type Judgement } from './criteria.js';
import { officialPassed, oursPassed, type ChallengeReport, type ChallengeRow } from './run.js';

const HEADERS = ['id', 'run', 'valid', 'mpo', 'median', 'max', 'avail', 'lost', 'official', 'ours', 'store'] as const;

const LEGEND =
  'mpo: :net :servers :msgs-per-op · median, max: :workload :stable-latencies 0.5 and 1 (ms) · avail: :availability :ok-fraction · ' +
  'lost: :workload :lost-count · ↓ targets judged on the next row · – not judged';

/** Formats the whole report; `cwd` makes store folders relative. */
export function formatReport(report: ChallengeReport, cwd = process.cwd()): string {
  const cells = report.rows.map((row) => rowCells(row, cwd));
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (values: readonly string[]): string => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(HEADERS), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), LEGEND, ''];
  const nameWidth = Math.max(0, ...report.rows.map((row) => rowName(row).length));
  for (const row of report.rows) out.push(...detailLines(row, nameWidth));
  out.push('', tally(report));
  return out.join('\n');
}

/** The table cells of one row, in HEADERS order. */
export function rowCells(row: ChallengeRow, cwd = process.cwd()): string[] {
  const id = row.kind === 'official' ? row.challenge.id : '';
  const run = row.kind === 'official' ? 'official' : `ours: ${row.challenge.oursNote ?? 'own command'}`;
  const { outcome, figures: f } = row;
  const noFigures = ['', '', '', '', '']; // mpo, median, max, avail, lost
  if (outcome.status === 'not built') return [id, run, 'not built', ...noFigures, '–', '–', ''];
  if (outcome.status === 'error') return [id, run, 'error', ...noFigures, mark(officialPassed(row)), oursMark(row), outcome.dir ? shortPath(outcome.dir, cwd) : ''];
  return [
    id,
    run,
    String(f?.valid),
    fixed(f?.serversMsgsPerOp) ?? '',
    fixed(f?.medianMs) ?? '',
    fixed(f?.maxMs) ?? '',
    fixed(f?.okFraction) ?? '',
    fixed(f?.lostCount) ?? '',
    mark(officialPassed(row)),
    oursMark(row),
    shortPath(outcome.dir, cwd),
  ];
}

/** A path relative to cwd when it is inside it, else absolute. */
function shortPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

function oursMark(row: ChallengeRow): string {
  if (row.oursElsewhere === 'next row') return '↓';
  return mark(oursPassed(row));
}

function mark(passed: boolean | undefined): string {
  return passed === undefined ? '–' : passed ? '✓' : '✗';
}

function rowName(row: ChallengeRow): string {
  return `${row.challenge.id} ${row.kind === 'official' ? 'official' : 'ours'}`;
}

function detailLines(row: ChallengeRow, nameWidth: number): string[] {
  const name = rowName(row).padEnd(nameWidth);
  const { outcome } = row;
  if (outcome.status === 'not built') return [`${name} not built: ${outcome.bin} is missing`];
  if (outcome.status === 'error') return [`${name} error: ${outcome.message}${outcome.log ? ` (log ${outcome.log})` : ''}`];
  const lines: string[] = [];
  if (row.official && row.official.length) lines.push(`${name} official: ${judgements(row.official)}`);
  if (row.oursElsewhere === 'not run') lines.push(`${lines.length ? ' '.repeat(name.length) : name} ours:     not run (${row.challenge.oursNote ?? 'own command'}; skipped by --official-only)`);
  if (row.ours) lines.push(`${lines.length ? ' '.repeat(name.length) : name} ours:     ${judgements(row.ours)}`);
  return lines;
}

function judgements(list: readonly Judgement[]): string {
  return list.map((j) => `${j.label} ${j.passed ? '✓' : '✗'}${j.measured !== undefined ? ` (${j.measured})` : ' (not reported)'}`).join(' · ');
}

function tally(report: ChallengeReport): string {
  const judged = report.rows.map(officialPassed).filter((p): p is boolean => p !== undefined);
  const notBuilt = new Set(report.rows.filter((r) => r.outcome.status === 'not built').map((r) => r.challenge.id));
  const ours = report.rows.map(oursPassed).filter((p): p is boolean => p !== undefined);
  return (
    `official: ${judged.filter(Boolean).length}/${judged.length} built challenges pass` +
    `${notBuilt.size ? `; not built: ${[...notBuilt].join(', ')}` : ''}` +
    ` · ours: ${ours.filter(Boolean).length}/${ours.length} met` +
    ` · ${report.exitCode === 0 ? 'PASS' : 'FAIL'}`
  );
}
