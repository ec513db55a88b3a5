import Database from 'better-sqlite3';
import fs from 'node:fs';
import { openDatabase, type Db, type OpenOptions } from './database';

/** Tables worth carrying over from a damaged database: what is owed to Custobar (uploads sealed but not yet moved included) and to the benefits service. */
const SALVAGED_TABLES = ['outbox', 'redemptions', 'redemption_audit', 'outbox_audit', 'consent_log', 'permission_holds', 'staged_batches', 'inbox_staging', 'staging_sales', 'inbox_files'] as const;
const CHUNK = 500;
/** Without a known last id, this many empty chunks in a row (100,000 ids) end the walk. */
const EMPTY_CHUNKS_AT_END = 200;

export interface SalvageReport {
  /** Why the old file could not be used as it was. */
  reason: string;
  /** Where the damaged file is now (never deleted). */
  keptAs: string;
  /** Rows carried over into the new database, per table. */
  rows: Record<string, number>;
}

const isDamage = (error: unknown): boolean =>
  /^SQLITE_(CORRUPT|NOTADB)/.test(String((error as { code?: unknown }).code ?? '')) || /is damaged|malformed|not a database/i.test((error as Error).message ?? '');

/** "ok" or the first problem PRAGMA quick_check finds. */
function quickCheck(db: Db): string {
  const rows = db.pragma('quick_check(1)') as { quick_check: string }[];
  return rows[0]?.quick_check ?? 'ok';
}

/** Written beside the database once it was closed cleanly; taken away again when it is opened. */
const cleanStopMark = (file: string): string => `${file}.clean-stop`;

/**
 * Closes the database after a whole-file check, and when the file is sound marks it so: the next
 * start then skips the check, which reads every page (0.67 s with 1,000,000 waiting records on 2
 * cores) while the till waits for its first screen. The stop waits for it instead.
 */
export function closeChecked(db: Db, file: string): void {
  let sound = false;
  try {
    sound = quickCheck(db) === 'ok';
  } catch {
    // A damaged file: no mark, so the next start checks it and salvages.
  }
  db.close();
  if (!sound) return;
  try {
    fs.writeFileSync(cleanStopMark(file), `${new Date().toISOString()}\n`, { mode: 0o600 });
  } catch {
    // Without the mark the next start checks the file: slower, never wrong.
  }
}

/** Whether the last run closed the database cleanly; the mark is removed, so a crash from here on counts as unclean. */
function takeCleanStop(file: string): boolean {
  try {
    fs.unlinkSync(cleanStopMark(file));
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens the app database; a damaged one never stops the till. It is renamed (with its WAL and SHM)
 * and kept, a fresh database is made, and every row still readable in the outbox and the
 * redemptions is copied over, chunk by chunk so one bad page loses only its own rows.
 *
 * The whole-file check (quick_check) runs here unless the last run closed the database with
 * closeChecked, which checked it on the way out: after a crash, a kill or a power cut (the ways a
 * file gets damaged) it always runs. After a clean stop `checked` is false: the caller runs the
 * check in the background (checkInBackground) and restarts on the file if it finds damage, so a
 * page damaged while the till was off is salvaged too.
 */
export function openOrSalvage(file: string, options: OpenOptions = {}, now: () => Date = () => new Date()): { db: Db; salvage: SalvageReport | null; checked: boolean } {
  let reason: string;
  const cleanStop = takeCleanStop(file);
  try {
    const db = openDatabase(file, options);
    const check = cleanStop ? 'ok' : quickCheck(db);
    if (check === 'ok') return { db, salvage: null, checked: !cleanStop };
    db.close();
    reason = `quick_check: ${check.replace(/\s+/g, ' ')}`;
  } catch (error) {
    if (!isDamage(error)) throw error;
    reason = (error as Error).message.replace(/^The database .* is damaged \((.*?)\)\..*$/s, '$1');
  }
  const keptAs = `${file}.damaged-${now().toISOString().replace(/[-:.]/g, '')}`;
  for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, keptAs + suffix);
  const db = openDatabase(file, options);
  return { db, salvage: { reason, keptAs, rows: copyReadableRows(keptAs, db) }, checked: true };
}

function copyReadableRows(from: string, to: Db): Record<string, number> {
  const rows: Record<string, number> = {};
  let old: Db;
  try {
    old = new Database(from, { readonly: true, fileMustExist: true });
    old.pragma('user_version');
  } catch {
    return rows; // not a database at all: nothing to read
  }
  try {
    for (const table of SALVAGED_TABLES) rows[table] = copyTable(old, to, table);
  } finally {
    old.close();
  }
  return rows;
}

function copyTable(old: Db, to: Db, table: string): number {
  const columns = new Set((to.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
  // The first and the last id, each on its own: either may sit behind the damaged page.
  const end = (fn: 'min' | 'max'): number | null | undefined => {
    try {
      return (old.prepare(`SELECT ${fn}(rowid) AS id FROM ${table}`).get() as { id: number | null }).id;
    } catch {
      return undefined; // unreadable
    }
  };
  const first = end('min');
  const last = end('max');
  if (first === null || last === null) return 0; // empty
  if (first === undefined && last === undefined) return 0; // the table's root is gone: nothing is reachable
  // With the last id known every chunk up to it is tried (an index probe each); without it, the walk
  // stops after a long run of chunks that read fine and hold nothing.
  const lo = first ?? 1;
  const hi = last ?? Number.MAX_SAFE_INTEGER;
  const range = last !== undefined;
  const read = old.prepare(`SELECT * FROM ${table} WHERE rowid BETWEEN ? AND ?`);
  let copied = 0;
  let emptyRun = 0;
  for (let start = lo; start <= hi && emptyRun < EMPTY_CHUNKS_AT_END; start += CHUNK) {
    let chunk: Record<string, unknown>[];
    try {
      chunk = read.all(start, start + CHUNK - 1) as Record<string, unknown>[];
    } catch {
      emptyRun = 0;
      continue; // a damaged page: its rows are lost, the rest are not
    }
    emptyRun = range || chunk.length > 0 ? 0 : emptyRun + 1;
    to.transaction(() => {
      for (const row of chunk) {
        const names = Object.keys(row).filter((k) => columns.has(k));
        if (names.length === 0) continue;
        const result = to.prepare(`INSERT OR IGNORE INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...names.map((n) => row[n]));
        copied += result.changes;
      }
    })();
  }
  return copied;
}
