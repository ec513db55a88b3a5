import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for this runtime (Electron in development); default: the package's own. */
  nativeBinding?: string;
  readonly?: boolean;
}

export class DatabaseSetupError extends Error {}

/**
 * Opens the app database: WAL for concurrent readers, synchronous=FULL so a commit survives a power
 * cut (a record is acknowledged only after that), and the pragmas read back — a file system that
 * silently refuses WAL (some network shares) must fail loudly, not lose data quietly.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { readonly: options.readonly ?? false, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // 16 MB of page cache: the hot index pages of a big backlog stay in memory while batches are
    // ingested; more than that stayed resident after every big upload.
    db.pragma('cache_size = -16000');
    const journal = db.pragma('journal_mode', { simple: true });
    const synchronous = db.pragma('synchronous', { simple: true });
    if (journal !== 'wal') throw new DatabaseSetupError(`SQLite refused WAL mode on ${file} (got "${String(journal)}"); put the data folder on a local disk.`);
    if (synchronous !== 2) throw new DatabaseSetupError(`SQLite refused synchronous=FULL on ${file} (got ${String(synchronous)}).`);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw damaged(file, error) ?? error;
  }
}

/**
 * SQLite's "file is not a database" / "database disk image is malformed", said with the file, and what
 * to do: nothing is moved or deleted by the app, since the file may still hold records not yet sent.
 */
function damaged(file: string, error: unknown): DatabaseSetupError | null {
  const code = (error as { code?: string }).code ?? '';
  if (!/^SQLITE_(CORRUPT|NOTADB)/.test(code)) return null;
  return new DatabaseSetupError(
    `The database ${file} is damaged (${(error as Error).message}). The app changed nothing. To go on: stop the app, ` +
      `keep a copy of the file (records not sent yet can be recovered from it, e.g. with sqlite3's ".recover"), ` +
      `then rename it (for example to ${path.basename(file)}.damaged) and start again: a new, empty database is made.`,
  );
}

/** Applies pending migrations, each in its own transaction, tracked by PRAGMA user_version. */
export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new DatabaseSetupError(`The database was written by a newer Till Companion (schema ${current}, this version knows ${migrations.length}).`);
  }
  for (let version = current; version < migrations.length; version += 1) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return migrations.length;
}

/** Bytes the database uses on disk, WAL included. */
export function databaseBytes(file: string): number {
  return [file, `${file}-wal`, `${file}-shm`].reduce((sum, f) => sum + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}

/**
 * A transaction that is rolled back whatever fails, the COMMIT included: when the disk is full,
 * SQLite refuses the COMMIT but leaves the transaction open, and the next write of this connection
 * would then commit records the caller was told were refused.
 */
export function atomically(db: Db, fn: () => void): void {
  try {
    db.transaction(fn)();
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * Runs writes whose commits need not reach the disk at once: with WAL, synchronous=NORMAL still
 * commits atomically and in order, it only skips the fsync. The next synchronous=FULL commit fsyncs
 * the log with everything before it. For writes a later FULL commit vouches for (staged uploads, whose
 * seal is FULL) or that can be redone (moving a sealed batch, the customer cache); an fsync held the
 * event loop for tens of milliseconds per chunk.
 */
export function withoutFsync<T>(db: Db, fn: () => T): T {
  db.pragma('synchronous = NORMAL');
  try {
    return fn();
  } finally {
    db.pragma('synchronous = FULL');
  }
}
