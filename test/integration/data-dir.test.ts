import { execFileSync, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => await import('../helpers/fake-electron'));

import * as fake from '../helpers/fake-electron';
import { dataDirMessage } from '../../main/app/data-dir';
import { startShell } from '../../main/electron/bootstrap';
import { LISTEN_LINE, projectRoot, tempDir } from '../helpers/service-process';

const isRoot = process.getuid?.() === 0;
/** Root ignores file permissions: the "may not write" cases run the service as nobody instead. */
const NOBODY = { uid: 65534, gid: 65534 };

/** Runs the built service until it exits; a service that starts listening instead is stopped and reported. */
function runService(dataDir: string, user: { uid: number; gid: number } | null): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist', 'service', 'cli.js'), '--data-dir', dataDir, '--port', '0', '--api-token', 'data-dir-token'], {
    cwd: projectRoot,
    env: { ...process.env, HOME: tempDir('data-dir-home-') },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(user ?? {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (LISTEN_LINE.test(stdout.trim())) child.kill('SIGTERM');
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** A read-only tmpfs (root only, Linux): the one way to get EROFS that root cannot write through. */
function readOnlyMount(): string | null {
  if (process.platform !== 'linux' || !isRoot) return null;
  const dir = tempDir('data-dir-ro-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m,mode=0755', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    return null;
  }
}
const probe = readOnlyMount();
if (probe) execFileSync('umount', [probe]);

/** A folder the user running the service may not write: chmod 0500, and for root the service runs as nobody. */
function notWritable(): { dir: string; user: { uid: number; gid: number } | null } {
  const parent = tempDir('data-dir-perm-');
  // nobody must be able to reach it: mkdtemp makes the parent 0700.
  fs.chmodSync(parent, 0o755);
  const dir = path.join(parent, 'data');
  fs.mkdirSync(dir, { mode: 0o500 });
  fs.chmodSync(dir, 0o500);
  return { dir, user: isRoot ? NOBODY : null };
}

const sentence = (dataDir: string, at: string, code: string) => `${dataDirMessage(dataDir, { at, code }, 'service')}\n`;

describe('service mode on a data folder it cannot use: one sentence on stderr, exit 1', () => {
  const mounts: string[] = [];
  afterEach(() => {
    for (const m of mounts.splice(0)) execFileSync('umount', ['-l', m]);
  });

  it.skipIf(!probe)('an existing folder on a read-only file system, and a missing folder below it (root: read-only tmpfs)', async () => {
    const mount = readOnlyMount()!;
    mounts.push(mount);
    const existing = await runService(mount, null);
    expect(existing).toEqual({ code: 1, stdout: '', stderr: sentence(mount, mount, 'EROFS') });
    expect(existing.stderr).toBe(
      `Till Companion cannot write its data folder ${mount} (read-only file system). Give the user running the app write access to it, or choose another folder with --data-dir.\n`,
    );
    const missing = path.join(mount, 'till', 'data');
    expect(await runService(missing, null)).toEqual({ code: 1, stdout: '', stderr: sentence(missing, mount, 'EROFS') });
  });

  it.skipIf(process.platform === 'win32')(`an existing folder the user may not write, and a missing folder below it (chmod 0500${isRoot ? ', run as nobody' : ''})`, async () => {
    const { dir, user } = notWritable();
    expect(await runService(dir, user)).toEqual({ code: 1, stdout: '', stderr: sentence(dir, dir, 'EACCES') });
    const missing = path.join(dir, 'till', 'data');
    expect(await runService(missing, user)).toEqual({ code: 1, stdout: '', stderr: sentence(missing, dir, 'EACCES') });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it.runIf(process.platform === 'linux' && isRoot)('a folder another user owns, open to all: it cannot be made private to this user (root: run as nobody)', async () => {
    const parent = tempDir('data-dir-owner-');
    fs.chmodSync(parent, 0o755);
    const dir = path.join(parent, 'data');
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o777);
    expect(await runService(dir, NOBODY)).toEqual({ code: 1, stdout: '', stderr: sentence(dir, dir, 'EPERM') });
    expect(fs.statSync(dir).mode & 0o777).toBe(0o777);
  });

  it('a file where the folder should be, or where one of its parents should be', async () => {
    const file = path.join(tempDir('data-dir-file-'), 'data');
    fs.writeFileSync(file, 'not a folder');
    expect(await runService(file, null)).toEqual({ code: 1, stdout: '', stderr: sentence(file, file, 'ENOTDIR') });
    const below = path.join(file, 'till');
    const result = await runService(below, null);
    expect(result).toEqual({ code: 1, stdout: '', stderr: sentence(below, file, 'ENOTDIR') });
    expect(result.stderr).toBe(
      `Till Companion cannot create its data folder ${below} (${file} is a file, not a folder). Remove or rename that file, or choose another folder with --data-dir.\n`,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('not a folder');
  });
});

describe('the desktop app on a data folder it cannot use', () => {
  beforeEach(() => {
    fake.protocol.handlers.clear();
    fake.powerMonitor.removeAllListeners();
    fake.app.removeAllListeners();
    fake.FakeBrowserWindow.instances.length = 0;
  });
  afterEach(() => vi.resetModules());

  it('stops before electron-store opens its files, with the sentence (no --data-dir: it has no such flag)', async () => {
    const file = path.join(tempDir('data-dir-shell-'), 'userData');
    fs.writeFileSync(file, '');
    fake.app.userData = file;
    const started = startShell({ preload: '/p.cjs', rendererDir: '/r', assets: '/a' }, { signals: new EventEmitter() });
    await expect(started).rejects.toThrow(
      `Till Companion cannot use ${file} as its data folder (it is a file, not a folder). Remove or rename that file.`,
    );
    expect(fake.FakeBrowserWindow.instances).toEqual([]);
  });

  it('main/index.ts prints only that sentence and exits with 1', async () => {
    const parent = tempDir('data-dir-index-');
    const file = path.join(parent, 'userData');
    fs.writeFileSync(file, '');
    fake.app.userData = path.join(file, 'Till Companion');
    fake.app.lockGranted = true;
    fake.app.exit.mockClear();
    const lines: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const signals = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
    try {
      await import('../../main/index');
      await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalledWith(1));
    } finally {
      write.mockRestore();
      // The shell's lifecycle listens for signals on this process: take those listeners off again.
      for (const name of ['SIGINT', 'SIGTERM'] as const) for (const l of process.listeners(name)) if (!signals[name].includes(l)) process.off(name, l);
    }
    expect(lines).toEqual([`Till Companion cannot create its data folder ${fake.app.userData} (${file} is a file, not a folder). Remove or rename that file.\n`]);
  });
});
