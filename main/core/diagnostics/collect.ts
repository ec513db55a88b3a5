/**
 * Reads what goes into the zip and runs the first redaction pass on it (scrubber.ts). A part that
 * cannot be read (the database closed, a log file locked) is listed as missing in the manifest
 * instead of failing the export: support is usually asked for exactly when something is broken.
 */
import path from 'node:path';
import { redact } from '../logging/redact';
import type { SecretStore } from '../secrets/secret-store';
import { readLogTail, type LogPart } from './log-tail';
import type { Scrubber } from './scrubber';
import { mapItems, mapLines } from './slices';

/** What the zip is made of, read at the moment of the export. */
export interface DiagnosticsSources {
  status: () => Promise<unknown>;
  /** The settings view: which secrets are set as booleans, no secret values and no PIN hash. */
  settings: () => unknown;
  outboxCounts: () => unknown;
  deadLetters: (page: { limit: number; offset: number }) => Promise<{ items: unknown[]; total: number }>;
  /**
   * The secret store as the shell gave it, not the origin-bound one: a token withheld after its
   * address moved can still be in older log lines, and is removed from the zip like the others.
   */
  secrets: Pick<SecretStore, 'get'>;
}

export interface Limits {
  logBudgetBytes: number;
  maxDeadLetters: number;
}

export interface Collected {
  /** Zip entry name → redacted text (first pass). */
  files: Map<string, string>;
  missing: { file: string; reason: string }[];
  logs: { parts: (Omit<LogPart, 'text'> & { includedBytes: number })[]; omitted: string[]; linesNotJson: number };
  deadLetters: { total: number; included: number } | null;
}

// The contract's page size for deadLetters.list.
const PAGE = 500;

const reasonOf = (error: unknown): string => redact(error instanceof Error ? error.message : String(error));

async function readDeadLetters(sources: DiagnosticsSources, max: number): Promise<{ total: number; items: unknown[] }> {
  const items: unknown[] = [];
  let total = 0;
  while (items.length < max) {
    const page = await sources.deadLetters({ limit: Math.min(PAGE, max - items.length), offset: items.length });
    total = page.total;
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= total) break;
  }
  return { total, items };
}

export async function collect(sources: DiagnosticsSources, logsDir: string, scrub: Scrubber, limits: Limits): Promise<Collected> {
  const out: Collected = { files: new Map(), missing: [], logs: { parts: [], omitted: [], linesNotJson: 0 }, deadLetters: null };
  const json = async (file: string, read: () => unknown, scrubbed = false): Promise<void> => {
    try {
      const value = await read();
      out.files.set(file, `${JSON.stringify(scrubbed ? value : scrub.value(value), null, 2)}\n`);
    } catch (error) {
      out.missing.push({ file, reason: reasonOf(error) });
    }
  };

  await json('status.json', sources.status);
  await json('settings.json', sources.settings);
  await json('outbox.json', sources.outboxCounts);
  await json(
    'dead-letters.json',
    async () => {
      const { total, items } = await readDeadLetters(sources, limits.maxDeadLetters);
      out.deadLetters = { total, included: items.length };
      // Up to a thousand records: scrubbed a hundred at a time.
      return { total, included: items.length, items: await mapItems(items, (item) => scrub.value(item)) };
    },
    true,
  );

  try {
    const tail = await readLogTail(logsDir, limits.logBudgetBytes);
    out.logs.omitted = tail.omitted;
    for (const { text, ...part } of tail.parts) {
      const redacted = await mapLines(text, (line) => {
        const result = scrub.line(line);
        if (!result.json) out.logs.linesNotJson += 1;
        return result.text;
      });
      out.files.set(path.posix.join('logs', part.name), redacted);
      out.logs.parts.push({ ...part, includedBytes: Buffer.byteLength(text) });
    }
  } catch (error) {
    out.missing.push({ file: 'logs/', reason: reasonOf(error) });
  }
  return out;
}
