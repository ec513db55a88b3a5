/**
 * The zip on disk: a name support can sort and tell apart, readable by the till's user only (it is
 * redacted, but still the shop's operational data), and written whole or not at all.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Letters, digits, - and _ only: the name goes into e-mails, tickets and shells unquoted. */
export function safePart(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'unknown';
}

/** till-companion-diagnostics-<shop>-<till>-20261231T235959Z.zip (UTC, so tills in any zone sort alike). */
export function zipName(shopId: string, tillId: string, at: Date): string {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return `till-companion-diagnostics-${safePart(shopId)}-${safePart(tillId)}-${stamp}.zip`;
}

// fflate deflates in blocks of about this size anyway; one block per turn of the event loop.
const CHUNK_BYTES = 64 * 1024;

/**
 * fflate's streaming zip, fed a chunk at a time with a turn of the event loop between chunks.
 * fflate's one-shot `zip()` computes every file's CRC in one synchronous step before its workers
 * start (~70 ms for 5 MB of logs on a 2-core machine); here CRC and deflate come one chunk at a
 * time, so a scan or a checkout waits at most one chunk. Measured on 2 cores, worker threads
 * (AsyncZipDeflate) gave no shorter pauses than this, only a slower export and a thread per file.
 */
export async function zipAsync(files: Record<string, Uint8Array>, mtime: Date): Promise<Uint8Array> {
  // Loaded on the first export, not at start.
  const { Zip, ZipDeflate } = await import('fflate');
  const parts: Uint8Array[] = [];
  const archive = new Zip();
  const done = new Promise<Uint8Array>((resolve, reject) => {
    archive.ondata = (error, data, final) => {
      if (error) return reject(error);
      parts.push(data);
      if (final) resolve(concat(parts));
    };
  });
  // An error reported mid-way is awaited only at the end; until then it must not count as unhandled.
  done.catch(() => undefined);
  try {
    for (const [name, data] of Object.entries(files)) {
      const entry = new ZipDeflate(name, { level: 6 });
      entry.mtime = mtime;
      archive.add(entry);
      let at = 0;
      do {
        const end = Math.min(at + CHUNK_BYTES, data.length);
        entry.push(data.subarray(at, end), end === data.length);
        at = end;
        await nextTurn();
      } while (at < data.length);
    }
    archive.end();
  } catch (error) {
    archive.terminate();
    throw error;
  }
  return done;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const POSIX = process.platform !== 'win32';

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** A free name in `dir`: two exports in the same second get -2, -3, … (exports run one at a time). */
export async function freePath(dir: string, name: string): Promise<string> {
  const stem = name.replace(/\.zip$/, '');
  for (let n = 1; ; n += 1) {
    const candidate = path.join(dir, n === 1 ? name : `${stem}-${n}.zip`);
    if (!(await exists(candidate))) return candidate;
  }
}

/** Folder 0700, file 0600 (POSIX; Windows gives the user's profile its own ACL). Throws the fs error. */
export async function prepareDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode applies only to a folder it creates, and the umask may narrow it: set it outright.
  if (POSIX) await fs.chmod(dir, 0o700);
}

/** Written to a .partial file and renamed, so a half-written zip never sits under the final name. */
export async function writePrivate(file: string, data: Uint8Array): Promise<void> {
  const partial = `${file}.partial`;
  try {
    await fs.writeFile(partial, data, { mode: 0o600, flag: 'wx' });
    if (POSIX) await fs.chmod(partial, 0o600);
    await fs.rename(partial, file);
  } catch (error) {
    await fs.rm(partial, { force: true }).catch(() => undefined);
    throw error;
  }
}
