/**
 * Leveled logging to an injected sink (stderr in production, an array in tests). Per-message lines
 * are logged at `debug` or `trace`, which are off by default, because formatting a line per message
 * costs more than handling the message.
 */

/** Levels from quietest to noisiest. */
export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug', 'trace'] as const;
/** One of LOG_LEVELS. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A leveled logger. Check `enabled(level)` before building an expensive message. */
export interface Logger {
  readonly level: LogLevel;
  enabled(level: LogLevel): boolean;
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  trace(message: string): void;
}

/** The default level when GLOMERS_LOG is unset: errors, warnings and lifecycle lines only. */
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

/**
 * Reads a level from a setting (usually the GLOMERS_LOG environment variable). Throws a message
 * naming the setting, the value and the allowed values when it is not a level.
 */
export function parseLogLevel(value: string | undefined, setting = 'GLOMERS_LOG'): LogLevel {
  if (value === undefined || value === '') return DEFAULT_LOG_LEVEL;
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new Error(`${setting} must be one of ${LOG_LEVELS.join(', ')}; got ${JSON.stringify(value)}`);
}

/** Builds a logger writing `<prefix> <level> <message>\n` lines to `sink`. */
export function createLogger(level: LogLevel, sink: (line: string) => void, prefix = ''): Logger {
  const rank = LOG_LEVELS.indexOf(level);
  const make = (name: LogLevel) => {
    if (LOG_LEVELS.indexOf(name) > rank) return () => {};
    const head = `${prefix}${prefix ? ' ' : ''}${name.toUpperCase()} `;
    return (message: string) => sink(head + message + '\n');
  };
  return {
    level,
    enabled: (name) => LOG_LEVELS.indexOf(name) <= rank && name !== 'silent',
    error: make('error'),
    warn: make('warn'),
    info: make('info'),
    debug: make('debug'),
    trace: make('trace'),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = createLogger('silent', () => {});
