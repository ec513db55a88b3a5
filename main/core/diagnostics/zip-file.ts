/**
 * The zip on disk: a name support can sort and tell apart, readable by the till's user only (it is
 * redacted, but still the shop's operational data), and written whole or not at all.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { zip } from 'fflate';

/** Letters, digits, - and _ only: the name goes into e-mails, tickets and shells unquoted. */
export function safePart(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'unknown';
}

/** till-companion-diagnostics-<shop>-<till>-20261231T235959Z.zip (UTC, so tills in any zone sort alike). */
export function zipName(shopId: string, tillId: string, at: Date): string {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return `till-companion-diagnostics-${safePart(shopId)}-${safePart(tillId)}-${stamp}.zip`;
}

/**
 * fflate's asynchronous zip: files over ~160 kB (the logs) are compressed on worker threads, the rest
 * in one short step, so the event loop keeps serving the till meanwhile.
 */
export function zipAsync(files: Record<string, Uint8Array>, mtime: Date): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip(files, { level: 6, mtime }, (error, data) => (error ? reject(error) : resolve(data)));
  });
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
