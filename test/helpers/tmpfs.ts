import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './service-process';

/** A real full disk: a small tmpfs (CI runs as root, so it can mount one); null where it cannot be mounted. */
export function mountTmpfs(sizeMb: number, prefix = 'tmpfs-'): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = tempDir(prefix);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    return null;
  }
}

/** Whether this machine can mount a tmpfs (decided once per test file, for describe.skipIf). */
export function canMountTmpfs(): boolean {
  const probe = mountTmpfs(1);
  if (probe) execFileSync('umount', [probe]);
  return probe !== null;
}

export const freeBytes = (dir: string): number => Number(fs.statfsSync(dir).bavail) * Number(fs.statfsSync(dir).bsize);

/** Fills the disk holding `file` to the last byte. */
export function fillUp(file: string): void {
  fs.writeFileSync(file, Buffer.alloc(freeBytes(path.dirname(file))));
  const fd = fs.openSync(file, 'a');
  try {
    for (;;) fs.writeSync(fd, Buffer.alloc(4096));
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
}
