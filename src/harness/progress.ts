/**
 * Progress of a `glomers test` / `glomers challenge` run: phase, elapsed and remaining time, ops
 * done. On a terminal it is one live line redrawn in place (\r and erase-to-end-of-line); when the
 * output is piped it prints a plain line at each phase change and every `intervalMs`, so CI logs
 * stay readable. Stream, clock and timer are injected so a test can drive it line by line.
 * (cli-progress was considered: it draws bars, not this status line, and cannot take a clock.)
 */

/** The phases of a run, in order (SPEC §0, §4.1). */
export type Phase = 'setup' | 'main' | 'recovery' | 'final' | 'analysis';

/** Where progress goes: process.stderr in the CLI. */
export interface ProgressStream {
  write(text: string): unknown;
  /** Whether this is a terminal; a live line is drawn only then. */
  isTTY?: boolean;
  /** Terminal width; the live line is cut to fit. */
  columns?: number;
}

/** Options of a Progress reporter. */
export interface ProgressOptions {
  stream: ProgressStream;
  /** Milliseconds, monotonic. Default performance.now. */
  now?: () => number;
  /** Runs `tick` every `ms`; returns a canceller. Default an unref'd setInterval. */
  every?: (ms: number, tick: () => void) => () => void;
  /** How often a plain line is printed when piped, ms. Default 10,000. */
  intervalMs?: number;
  /** How often the live line is redrawn on a terminal, ms. Default 200. */
  redrawMs?: number;
  /** Printed first on each line, e.g. the workload or challenge id. Default 'glomers'. */
  label?: string;
}

/** Counts of completed client ops. */
export interface OpCounts {
  ok: number;
  fail: number;
  info: number;
}

const ERASE_LINE = '\x1b[K';

function defaultEvery(ms: number, tick: () => void): () => void {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
}

/** Formats seconds as `12.3s`, or `4m05s` from a minute on. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, seconds);
  if (s < 60) return `${s.toFixed(1)}s`;
  const whole = Math.floor(s);
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
}

/** Reports a run's progress; see the file comment for the two output modes. */
export class Progress {
  private readonly stream: ProgressStream;
  private readonly now: () => number;
  private readonly every: (ms: number, tick: () => void) => () => void;
  private readonly intervalMs: number;
  private readonly redrawMs: number;
  private readonly label: string;
  private readonly live: boolean;
  private startedAt: number | undefined;
  private currentPhase: Phase = 'setup';
  private phaseStartedAt = 0;
  private phaseSeconds: number | undefined;
  private lastPlainAt = 0;
  private cancel: (() => void) | undefined;
  private drawn = false;
  private stopped = false;
  /** Completed client ops so far, by completion type. */
  readonly ops: OpCounts = { ok: 0, fail: 0, info: 0 };

  constructor(options: ProgressOptions) {
    this.stream = options.stream;
    this.now = options.now ?? (() => performance.now());
    this.every = options.every ?? defaultEvery;
    this.intervalMs = options.intervalMs ?? 10_000;
    this.redrawMs = options.redrawMs ?? 200;
    this.label = options.label ?? 'glomers';
    this.live = options.stream.isTTY === true;
  }

  /** Starts the clock and the periodic redraw, in the setup phase. */
  start(): void {
    this.startedAt = this.now();
    this.phaseStartedAt = this.startedAt;
    this.lastPlainAt = this.startedAt;
    this.cancel = this.every(this.live ? this.redrawMs : Math.min(this.intervalMs, 1000), () => this.tick());
    this.emit();
  }

  /** Enters a phase; `expectedSeconds` (the time limit for main, 10 for recovery) gives "left". */
  phase(phase: Phase, expectedSeconds?: number): void {
    if (this.startedAt === undefined) this.start();
    this.currentPhase = phase;
    this.phaseStartedAt = this.now();
    this.phaseSeconds = expectedSeconds;
    this.emit();
  }

  /** Counts one completed client op. */
  opCompleted(type: keyof OpCounts): void {
    this.ops[type]++;
  }

  /** Redraws the live line, or prints a plain line when one is due. Called by the timer. */
  tick(): void {
    if (this.stopped || this.startedAt === undefined) return;
    if (this.live) this.draw();
    else if (this.now() - this.lastPlainAt >= this.intervalMs) this.emit();
  }

  /** Prints a whole line of other output without garbling the live line. */
  log(line: string): void {
    if (this.live && this.drawn) this.stream.write(`\r${ERASE_LINE}`);
    this.stream.write(`${line}\n`);
    if (this.live && !this.stopped && this.startedAt !== undefined) this.draw();
  }

  /** Stops the timer and leaves the last status as a finished line. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.cancel?.();
    if (this.startedAt === undefined) return;
    if (this.live) this.stream.write(`\r${this.status()}${ERASE_LINE}\n`);
    else this.stream.write(`${this.status()}\n`);
  }

  /** The status line's text. */
  status(): string {
    const now = this.now();
    const elapsed = (now - (this.startedAt ?? now)) / 1000;
    const parts = [`${this.label} [${this.currentPhase}]`, `${formatSeconds(elapsed)} elapsed`];
    if (this.phaseSeconds !== undefined) parts.push(`${formatSeconds(this.phaseSeconds - (now - this.phaseStartedAt) / 1000)} left in ${this.currentPhase}`);
    const { ok, fail, info } = this.ops;
    parts.push(`${ok + fail + info} ops done (${ok} ok, ${fail} fail, ${info} info)`);
    return parts.join(' · ');
  }

  private emit(): void {
    if (this.stopped) return;
    if (this.live) return this.draw();
    this.lastPlainAt = this.now();
    this.stream.write(`${this.status()}\n`);
  }

  private draw(): void {
    let line = this.status();
    const width = this.stream.columns;
    if (width && line.length >= width) line = line.slice(0, width - 1);
    this.stream.write(`\r${line}${ERASE_LINE}`);
    this.drawn = true;
  }
}
