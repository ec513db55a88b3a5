/**
 * The recent end of the log: the live file first, then the rotated ones (.1 newest … .3 oldest),
 * until a byte budget is spent. Reads only what it keeps (positioned reads from the end), so the
 * export costs the same however large the files grew, and never blocks on a whole file.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export interface LogPart {
  /** File name inside the logs folder, e.g. till-companion.log.1. */
  name: string;
  sizeBytes: number;
  /** The complete lines kept from the end of the file. */
  text: string;
  /** True when the start of the file was left out to stay within the budget. */
  cut: boolean;
}

export interface LogTail {
  parts: LogPart[];
  /** Rotated files left out entirely because the budget was spent on newer ones. */
  omitted: string[];
}

/** The live file's name; main/app/start-app.ts opens it at <dataDir>/logs/<this>. */
export const LOG_FILE = 'till-companion.log';

/** Live file first, then .1, .2, … in rotation order (newest first). */
export async function logFiles(dir: string, base = LOG_FILE): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []; // nothing logged to a file yet (tests, first run)
    throw error;
  }
  const rotated = new RegExp(`^${base.replace(/\./g, '\\.')}\\.(\\d+)$`);
  const numbered = names.flatMap((n) => {
    const m = rotated.exec(n);
    return m ? [{ n, i: Number(m[1]) }] : [];
  });
  return [...(names.includes(base) ? [base] : []), ...numbered.sort((a, b) => a.i - b.i).map((f) => f.n)];
}

async function readEnd(file: string, size: number, bytes: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    let read = 0;
    while (read < bytes) {
      const { bytesRead } = await handle.read(buffer, read, bytes - read, size - bytes + read);
      if (bytesRead === 0) break; // the file shrank (rotated) while being read: keep what arrived
      read += bytesRead;
    }
    return buffer.subarray(0, read);
  } finally {
    await handle.close();
  }
}

export async function readLogTail(dir: string, budgetBytes: number): Promise<LogTail> {
  const parts: LogPart[] = [];
  const omitted: string[] = [];
  let left = budgetBytes;
  for (const name of await logFiles(dir)) {
    if (left <= 0) {
      omitted.push(name);
      continue;
    }
    const part = await readPart(path.join(dir, name), left);
    if (!part) continue;
    left -= part.take;
    parts.push({ name, sizeBytes: part.size, text: part.text, cut: part.cut });
  }
  return { parts, omitted };
}

/** The last `budget` bytes of one file as whole lines; null when it was rotated away meanwhile. */
async function readPart(file: string, budget: number): Promise<{ size: number; take: number; text: string; cut: boolean } | null> {
  try {
    // The size is taken once: lines the live file gains during the export belong to the next one.
    const { size } = await fs.stat(file);
    const take = Math.min(size, budget);
    let buffer = await readEnd(file, size, take);
    const cut = take < size;
    // A cut lands mid-line (maybe mid-character): drop up to the first newline so every kept line is whole.
    if (cut) {
      const newline = buffer.indexOf(0x0a);
      buffer = buffer.subarray(newline < 0 ? buffer.length : newline + 1);
    }
    return { size, take, text: buffer.toString('utf8'), cut };
  } catch (error) {
    // Rotation renames files under a busy till's feet; what moved is read under its new name or is gone.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
