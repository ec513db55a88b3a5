import { databaseBytes } from '../db/database';
import { CompanionError } from '../common/errors';
import type { Warnings } from '../context/warnings';

/**
 * Keeps the outbox under its disk cap. A long outage fills the queue; the manager is warned at 80 %
 * so there is time to act, and at the cap new records are refused (the POS keeps its files and
 * retries) instead of filling the till's disk.
 */
export class DiskGuard {
  constructor(
    private readonly file: string,
    private readonly capBytes: () => number,
    private readonly warnings: Warnings,
  ) {}

  usage(): { usedBytes: number; capBytes: number } {
    return { usedBytes: databaseBytes(this.file), capBytes: this.capBytes() };
  }

  /**
   * A write the disk refused (SQLite's SQLITE_FULL, the OS's ENOSPC) as the error the caller gets:
   * unavailable (503 on the ingest API), saying that nothing of the request was kept, with a warning
   * on the Status view until a write succeeds again. Other errors: null.
   */
  diskFull(error: unknown): CompanionError | null {
    const code = String((error as { code?: unknown }).code ?? '');
    if (!/^(SQLITE_FULL|ENOSPC)/.test(code) && !/database or disk is full|no space left/i.test((error as Error).message ?? '')) return null;
    const message = `The disk holding ${this.file} is full: nothing of this request was stored. Free some space; everything accepted before is kept and will be sent.`;
    this.warnings.raise('disk_full', message, { file: this.file });
    return new CompanionError('unavailable', message);
  }

  /** A write went through: the disk has room again. */
  wrote(): void {
    this.warnings.clear('disk_full');
  }

  /** Throws when the cap is reached; raises or clears the early warning. */
  check(): void {
    const { usedBytes, capBytes } = this.usage();
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
    if (usedBytes >= capBytes) {
      const message = `The outbox is full (${mb(usedBytes)} of ${mb(capBytes)}): new records are refused until Custobar takes the backlog or the cap is raised.`;
      this.warnings.raise('outbox_disk', message, { variant: 'full', usedBytes, capBytes });
      throw new CompanionError('unavailable', message);
    }
    if (usedBytes >= capBytes * 0.8) {
      this.warnings.raise('outbox_disk', `The outbox uses ${mb(usedBytes)} of its ${mb(capBytes)} cap. Check the Custobar connection before it fills up.`, { usedBytes, capBytes });
    } else {
      this.warnings.clear('outbox_disk');
    }
  }
}
