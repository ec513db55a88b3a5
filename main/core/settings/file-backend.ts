import fs from 'node:fs';
import path from 'node:path';
import { SettingsUnreadableError, type SettingsBackend } from './backend';

/** Write-then-rename with fsync, so a power cut mid-save leaves the old file, never half a file. */
export function writeFileAtomic(file: string, data: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    try {
      fs.writeSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (error) {
    // A full disk (ENOSPC) must not leave an empty temporary file behind; the old file is untouched.
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/** Reads a JSON file; undefined when absent; SettingsUnreadableError when it is not valid JSON. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SettingsUnreadableError(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new SettingsUnreadableError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Moves a file aside as `<file>.corrupt` (numbered if one exists already, so no evidence is overwritten). */
export function quarantineFile(file: string): string {
  let target = `${file}.corrupt`;
  for (let n = 1; fs.existsSync(target); n += 1) target = `${file}.${n}.corrupt`;
  if (fs.existsSync(file)) fs.renameSync(file, target);
  return target;
}

export function createFileSettingsBackend(file: string): SettingsBackend {
  return {
    location: file,
    read: () => readJsonFile(file),
    write: (value) => writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`),
    quarantine: () => quarantineFile(file),
  };
}
