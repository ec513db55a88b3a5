import fs from 'node:fs';
import path from 'node:path';

/** The data dir holds customers' phone numbers and e-mail addresses (database, WAL, logs): owner only. */
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
const MAX_DEPTH = 4;

/**
 * Makes the app's files private to the user it runs as, on POSIX: new files and folders are created
 * owner-only (umask 077, so SQLite's WAL and SHM, logs, settings and exports too), and an existing
 * install is tightened at start. Windows keeps its per-user profile ACLs; nothing is changed there.
 * Returns how many existing paths were tightened.
 */
export function makePrivate(dataDir: string, platform: NodeJS.Platform = process.platform): number {
  if (platform === 'win32') return 0;
  process.umask(0o077);
  fs.mkdirSync(dataDir, { recursive: true, mode: DIR_MODE });
  let tightened = 0;
  // Group and other lose every bit; the owner keeps theirs (a folder always rwx, a file at least rw).
  const tighten = (target: string, ownerAtLeast: number): void => {
    const stat = fs.lstatSync(target);
    if (stat.isSymbolicLink() || (stat.mode & 0o077) === 0) return;
    fs.chmodSync(target, (stat.mode & 0o700) | ownerAtLeast);
    tightened += 1;
  };
  const walk = (dir: string, depth: number): void => {
    tighten(dir, DIR_MODE);
    if (depth >= MAX_DEPTH) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (entry.isFile()) tighten(full, FILE_MODE);
    }
  };
  walk(dataDir, 0);
  return tightened;
}
