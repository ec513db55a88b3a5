import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logging/logger';
import type { PermissionStore } from './permission-store';

const FILE_CURSOR = 'file_cursor';
const CHUNK = 2000;

/** 2026-12-01T13:01:02.123Z → 20261201T130102123Z: sortable, and valid on every file system. */
export const fileStamp = (at: Date): string => at.toISOString().replace(/[-:.]/g, '');

/**
 * The optional folder the POS reads changes from: one permissions-<UTC time>.jsonl per batch of
 * changes, written under a temporary name, flushed, then renamed, so the POS never sees half a file.
 * Its cursor is kept in the database: a crash before the rename writes the same changes again.
 */
export class PermissionFiles {
  private chain: Promise<void> = Promise.resolve();
  lastFile: string | null = null;
  lastError: string | null = null;

  constructor(
    private readonly store: PermissionStore,
    private readonly dir: () => string,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  /** Writes every change not in a file yet; calls queue behind each other. */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.write()).catch((error: Error) => {
      this.lastError = error.message;
      this.logger.warn('permission changes could not be written to the folder', { error });
    });
    return this.chain;
  }

  private async write(): Promise<void> {
    const dir = this.dir();
    if (!dir) return;
    let cursor = Number(this.store.meta(FILE_CURSOR) ?? 0);
    if (this.store.lastSeq() <= cursor) return;
    await fs.promises.mkdir(dir, { recursive: true });
    let name = `permissions-${fileStamp(this.now())}.jsonl`;
    for (let n = 1; fs.existsSync(path.join(dir, name)); n += 1) name = `permissions-${fileStamp(this.now())}-${n}.jsonl`;
    const temporary = path.join(dir, `.${name}.partial`);
    const handle = await fs.promises.open(temporary, 'w');
    try {
      for (;;) {
        const rows = this.store.changesSince(cursor, CHUNK);
        if (rows.length === 0) break;
        await handle.write(rows.map((r) => JSON.stringify(r.change)).join('\n') + '\n');
        cursor = rows[rows.length - 1]!.seq;
      }
      await handle.sync();
    } catch (error) {
      await handle.close();
      await fs.promises.rm(temporary, { force: true });
      throw error;
    }
    await handle.close();
    await fs.promises.rename(temporary, path.join(dir, name));
    this.store.setMeta(FILE_CURSOR, String(cursor));
    this.lastFile = name;
    this.lastError = null;
  }
}
