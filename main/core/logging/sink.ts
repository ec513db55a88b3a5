/**
 * The one pino destination of a logger tree: the root, every child and fastify's children write here,
 * so there is one file stream per log file however many scopes log. Each line pino produces is
 * parsed once, pattern-redacted (redact.ts) and written twice: as a JSON line to the rotating file
 * and as a human-readable line to `write` (stderr by default).
 *
 * Pattern redaction happens here rather than in pino's formatters.log because formatters.log runs
 * before pino's serializers: fastify's req serializer (req.url with ?token=…) and the err serializer
 * (message, stack) would slip past it. Here every string of the finished record is covered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createStream } from 'rotating-file-stream';
import { redact, redactValue } from './redact';

export interface SinkOptions {
  file?: string;
  maxBytes: number;
  maxFiles: number;
  write: (line: string) => void;
}

/** A pino DestinationStream; pino's logger.flush(cb) calls flush. */
export interface Sink {
  write(json: string): void;
  flush(callback: () => void): void;
  /** Flushes and closes the file; later lines still reach `write`. */
  close(callback: () => void): void;
  /** Hands every finished (redacted) record to `listener` too, e.g. the OpenTelemetry log export. */
  tap(listener: (record: Readonly<Record<string, unknown>>) => void): () => void;
}

// The stderr copy is the human one, so it leaves out stacks; the file keeps them.
const META = new Set(['level', 'time', 'pid', 'hostname', 'scope', 'msg']);
const withoutStacks = (key: string, value: unknown): unknown => (key === 'stack' ? undefined : value);

function formatLine(record: Record<string, unknown>): string {
  const extra = Object.fromEntries(Object.entries(record).filter(([key]) => !META.has(key)));
  const fields = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra, withoutStacks)}` : '';
  const level = String(record.level ?? 'info').toUpperCase();
  return `${String(record.time ?? new Date().toISOString())} ${level} [${String(record.scope ?? 'app')}] ${String(record.msg ?? '')}${fields}`;
}

type FileTarget = Omit<Sink, 'write' | 'tap'> & { write(line: string): void };

/**
 * Size-rotated file: `file` stays the live one, older ones become file.1 … file.<maxFiles>.
 * A full or read-only disk must not take the till down: any file error switches the file off for
 * the rest of the run (reported once through `report`) and logging goes on to stderr alone.
 */
function openFile(file: string, maxBytes: number, maxFiles: number, report: (error: unknown) => void): FileTarget {
  let stream: ReturnType<typeof createStream> | undefined;
  let pending = 0;
  let waiting: Array<() => void> = [];
  const release = (): void => {
    const callbacks = waiting;
    waiting = [];
    for (const callback of callbacks) callback();
  };
  const fail = (error: unknown): void => {
    if (!stream) return;
    stream = undefined;
    release();
    report(error);
  };
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    stream = createStream(file, { size: `${Math.max(1, Math.floor(maxBytes))}B`, rotate: Math.max(1, Math.floor(maxFiles)) });
    stream.on('error', fail);
    stream.on('warning', () => undefined); // non-fatal (a rotated file it could not remove); writing goes on
  } catch (error) {
    report(error);
  }
  return {
    write(line) {
      if (!stream) return;
      pending += 1;
      stream.write(line, () => {
        pending -= 1;
        if (pending === 0) release();
      });
    },
    flush(callback) {
      if (!stream || pending === 0) callback();
      else waiting.push(callback);
    },
    close(callback) {
      const closing = stream;
      stream = undefined;
      if (closing) closing.end(() => callback());
      else callback();
    },
  };
}

export function createSink(options: SinkOptions): Sink {
  const say = (line: string): void => {
    try {
      options.write(line);
    } catch {
      // A broken stderr (closed pipe) is no reason to fail the operation that logged.
    }
  };
  const report = (error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    say(formatLine({ level: 'warn', scope: 'logging', msg: 'log file unavailable; logging to stderr only', file: options.file, error: redact(message) }));
  };
  const file = options.file ? openFile(options.file, options.maxBytes, options.maxFiles, report) : undefined;
  const taps = new Set<(record: Readonly<Record<string, unknown>>) => void>();
  return {
    write(json) {
      let record: Record<string, unknown>;
      try {
        record = redactValue(JSON.parse(json)) as Record<string, unknown>;
      } catch {
        say(redact(json.trimEnd()));
        return;
      }
      file?.write(`${JSON.stringify(record)}\n`);
      say(formatLine(record));
      for (const listener of taps) {
        try {
          listener(record);
        } catch {
          // A listener's failure is not the logging caller's problem.
        }
      }
    },
    flush(callback) {
      if (file) file.flush(callback);
      else callback();
    },
    close(callback) {
      if (file) file.close(callback);
      else callback();
    },
    tap(listener) {
      taps.add(listener);
      return () => taps.delete(listener);
    },
  };
}
