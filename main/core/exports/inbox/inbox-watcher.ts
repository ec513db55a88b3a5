import fs from 'node:fs';
import path from 'node:path';
import { CompanionError } from '../../common/errors';
import type { Logger } from '../../logging/logger';
import { formatOf } from '../parsers/read-records';
import { exportTypes, type ExportType } from '../../custobar/types';
import type { FileImport } from './import-file';

export const INBOX_DIRS = { processing: 'processing', done: 'done', rejected: 'rejected' } as const;

/** customers*, products*, sales*, shops*, events* (case-insensitive). */
export function typeOfFile(name: string): ExportType | null {
  const lower = name.toLowerCase();
  return exportTypes.find((t) => lower.startsWith(t)) ?? null;
}

/** Files a POS is still writing under a temporary name are left alone. */
const ignored = (name: string): boolean => name.startsWith('.') || /\.(tmp|part|partial|crdownload|lock)$/i.test(name) || name.startsWith('~');

/** done/sales.csv exists → done/sales.1.csv: a second file with the same name never overwrites the first. */
export function uniqueTarget(dir: string, name: string): string {
  const ext = path.extname(name);
  const base = name.slice(0, name.length - ext.length);
  let candidate = path.join(dir, name);
  for (let n = 1; fs.existsSync(candidate) || fs.existsSync(`${candidate}.errors.json`); n += 1) candidate = path.join(dir, `${base}.${n}${ext}`);
  return candidate;
}

export interface InboxDeps {
  dir: () => string;
  pollMs: () => number;
  importFile: (file: string, name: string, type: ExportType, format: 'json' | 'jsonl' | 'csv') => Promise<FileImport>;
  onImported: (result: FileImport, destination: string) => void;
  logger: Logger;
}

/**
 * Watches the inbox folder by polling (reliable on network shares, unlike fs.watch). A file is
 * claimed only once its size and modification time stayed the same across two polls — the POS has
 * finished writing — by renaming it into processing/ (atomic on one file system). After import it
 * moves to done/, or to rejected/ when nothing in it was valid, with <file>.errors.json beside it.
 */
export class InboxWatcher {
  private timer: NodeJS.Timeout | null = null;
  private seen = new Map<string, string>();
  private busy: Promise<void> | null = null;
  private stopped = false;
  /** Files in processing/ that could not be imported yet (full disk or outbox). */
  private readonly waiting = new Set<string>();

  constructor(private readonly deps: InboxDeps) {}

  start(): void {
    this.stopped = false;
    const tick = (): void => {
      if (this.stopped) return;
      this.busy = this.poll()
        .catch((error: unknown) => this.deps.logger.error('inbox poll failed', { error }))
        .finally(() => {
          this.busy = null;
          if (!this.stopped) this.timer = setTimeout(tick, this.deps.pollMs());
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.busy;
  }

  /** One pass: first files left in processing/ by a crash, then stable new files. Exposed for tests. */
  async poll(): Promise<void> {
    const dir = this.deps.dir();
    if (!dir) return;
    for (const sub of Object.values(INBOX_DIRS)) fs.mkdirSync(path.join(dir, sub), { recursive: true });
    const processing = path.join(dir, INBOX_DIRS.processing);
    for (const name of fs.readdirSync(processing)) if (!(await this.process(path.join(processing, name), name))) return;

    const next = new Map<string, string>();
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isFile() || ignored(entry.name)) continue;
      const full = path.join(dir, entry.name);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(full);
      } catch {
        continue;
      }
      const signature = `${stat.size}:${stat.mtimeMs}`;
      next.set(entry.name, signature);
      if (this.seen.get(entry.name) !== signature) continue; // new or still growing: look again next poll
      const claimed = uniqueTarget(processing, entry.name);
      try {
        fs.renameSync(full, claimed);
      } catch (error) {
        // Windows refuses to rename a file another program still has open: try again next poll.
        this.deps.logger.debug(`inbox: ${entry.name} not claimable yet (${(error as Error).message})`);
        continue;
      }
      next.delete(entry.name);
      if (!(await this.process(claimed, entry.name))) break;
    }
    this.seen = next;
  }

  /** False when the file has to wait in processing/ (a full disk or outbox): the rest of this poll waits too. */
  private async process(file: string, originalName: string): Promise<boolean> {
    const dir = this.deps.dir();
    const name = originalName;
    const type = typeOfFile(name);
    const format = formatOf(name);
    let result: FileImport;
    if (!type || !format) {
      result = { name, type: type ?? 'customers', format: format ?? 'json', records: 0, accepted: 0, rejected: 0, errors: [], fileErrorCode: 'inbox_not_import_file', fileError: `"${name}" is not an import file: names start with customers, products, sales, shops or events and end in .json, .jsonl or .csv` };
    } else {
      try {
        result = await this.deps.importFile(file, name, type, format);
      } catch (error) {
        // Nothing of the file was kept; the next poll tries it again (said once, not on every poll).
        if (!(error instanceof CompanionError && error.code === 'unavailable')) throw error;
        if (!this.waiting.has(file)) this.deps.logger.warn(`inbox: ${name} waits in processing/: ${error.message}`);
        this.waiting.add(file);
        return false;
      }
      this.waiting.delete(file);
    }
    const failed = result.fileError !== undefined || (result.accepted === 0 && result.rejected > 0);
    const target = uniqueTarget(path.join(dir, failed ? INBOX_DIRS.rejected : INBOX_DIRS.done), name);
    fs.renameSync(file, target);
    if (result.fileError !== undefined || result.errors.length > 0 || (result.warnings?.length ?? 0) > 0) {
      fs.writeFileSync(
        `${target}.errors.json`,
        `${JSON.stringify({ file: name, type, format, records: result.records, accepted: result.accepted, rejected: result.rejected, fileError: result.fileError, errors: result.errors, warnings: result.warnings ?? [] }, null, 2)}\n`,
      );
    }
    this.deps.logger.info(`inbox: ${name} → ${path.relative(dir, target)}: ${result.accepted} accepted, ${result.rejected} rejected${result.fileError ? ` (${result.fileError})` : ''}${result.duplicate ? ' (already imported)' : ''}`);
    this.deps.onImported(result, target);
    return true;
  }
}
