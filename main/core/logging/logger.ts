/**
 * The app's logger, built on pino so the HTTP layer (fastify) logs into the same file, through the
 * same redaction, as the rest of the app. A till's log gets attached to support tickets, so customer
 * phone numbers, e-mail addresses and tokens must never reach it: keys are censored by pino's
 * `redact` (redact-paths.ts) and every string of every line is pattern-redacted in the sink.
 */
import pino, { type Logger as PinoLogger } from 'pino';
import { prepareFields } from './fields';
import { censor, REDACT_PATHS } from './redact-paths';
import { createSink, type Sink } from './sink';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
  /** The underlying pino logger, e.g. for `fastify({ loggerInstance: logger.pino })`; same file, same redaction. */
  readonly pino: PinoLogger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** JSON-lines log file; rotated at maxBytes so a busy till never fills its disk with logs. */
  file?: string;
  /** Rotation size in bytes; default 5 MB. */
  maxBytes?: number;
  /** Rotated files kept (file.1 … file.N); default 3. */
  maxFiles?: number;
  /** Where human-readable lines go; stderr by default because service mode keeps stdout for its URL line. */
  write?: (line: string) => void;
}

const toStderr = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function wrap(instance: PinoLogger, scope: string): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (fields) instance[level](fields, message);
      else instance[level](message);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    // A pino child only adds a binding; it shares the parent's sink and so its file stream.
    child: (child) => wrap(instance.child({ scope: `${scope}:${child}` }), `${scope}:${child}`),
    pino: instance,
  };
}

export function createLogger(options: LoggerOptions = {}, scope = 'app'): Logger {
  const sink = createSink({
    file: options.file,
    maxBytes: options.maxBytes ?? 5 * 1024 * 1024,
    maxFiles: options.maxFiles ?? 3,
    write: options.write ?? toStderr,
  });
  const instance = pino(
    {
      level: options.level ?? 'info',
      // No hostname: a support ticket does not need it. pid tells restarts apart.
      base: { pid: process.pid, scope },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor },
      formatters: { level: (label) => ({ level: label }), log: prepareFields },
    },
    sink,
  );
  return wrap(instance, scope);
}

/** Resolves once every line logged so far is in the file (file writes are asynchronous). Call before exiting. */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.pino.flush(() => resolve()));
}

/**
 * Flushes and closes the log file (at shutdown, or in tests that create many loggers); the logger
 * keeps writing human-readable lines afterwards. Closes the file of the whole tree, children included.
 */
export function closeLogger(logger: Logger): Promise<void> {
  // pino.symbols is pino's public handle on a logger's destination; children share the root's.
  const sink = (logger.pino as unknown as Record<symbol, Partial<Sink> | undefined>)[pino.symbols.streamSym];
  return new Promise((resolve) => (typeof sink?.close === 'function' ? sink.close(() => resolve()) : resolve()));
}

/**
 * Every record the logger tree writes from now on, redacted, also goes to `listener` (the
 * OpenTelemetry log export). Returns the way to stop; a logger that is not ours (a test double) has nothing to tap.
 */
export function tapLogger(logger: Logger, listener: (record: Readonly<Record<string, unknown>>) => void): () => void {
  const sink = logger.pino ? (logger.pino as unknown as Record<symbol, Partial<Sink> | undefined>)[pino.symbols.streamSym] : undefined;
  return typeof sink?.tap === 'function' ? sink.tap(listener) : () => undefined;
}

/** For tests and benchmarks: keeps the human-readable, redacted lines in memory. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (l) => lines.push(l) });
  return Object.assign(logger, { lines });
}
