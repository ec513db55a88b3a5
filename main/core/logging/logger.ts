import fs from 'node:fs';
import path from 'node:path';
import { redact } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Log file; rotated once to `.1` at maxBytes so a busy till never fills its disk with logs. */
  file?: string;
  maxBytes?: number;
  /** Where human-readable lines go; stderr by default because service mode keeps stdout for its URL line. */
  write?: (line: string) => void;
}

function errorFields(value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}

export function createLogger(options: LoggerOptions = {}, scope = 'app'): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  let fileBytes = 0;
  if (options.file) {
    fs.mkdirSync(path.dirname(options.file), { recursive: true });
    fileBytes = fs.existsSync(options.file) ? fs.statSync(options.file).size : 0;
  }

  const log = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (ORDER[level] < threshold) return;
    const extra = fields
      ? ` ${JSON.stringify(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, errorFields(v)])))}`
      : '';
    const line = redact(`${new Date().toISOString()} ${level.toUpperCase()} [${scope}] ${message}${extra}`);
    write(line);
    if (options.file) {
      try {
        if (fileBytes > maxBytes) {
          fs.renameSync(options.file, `${options.file}.1`);
          fileBytes = 0;
        }
        fs.appendFileSync(options.file, `${line}\n`);
        fileBytes += Buffer.byteLength(line) + 1;
      } catch {
        // A full or read-only disk must not take the till down; the stderr copy still exists.
      }
    }
  };

  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (child) => createLogger(options, `${scope}:${child}`),
  };
}

/** For tests and benchmarks: keeps lines in memory. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (l) => lines.push(l) });
  return Object.assign(logger, { lines });
}
