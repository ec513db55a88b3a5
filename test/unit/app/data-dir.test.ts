import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asDataDirError, checkDataDir, DataDirError, dataDirMessage, dataDirProblem } from '../../../main/app/data-dir';

const dir = '/srv/till/data';

/** A data folder the app cannot use is one sentence: which folder, why, and what to do, per shell. */
describe('the data folder message', () => {
  it('names the folder, the reason and the fix, with --data-dir only in service mode', () => {
    expect(dataDirMessage(dir, { at: dir, code: 'EROFS' }, 'service')).toBe(
      'Till Companion cannot write its data folder /srv/till/data (read-only file system). Give the user running the app write access to it, or choose another folder with --data-dir.',
    );
    expect(dataDirMessage(dir, { at: dir, code: 'EACCES' }, 'electron')).toBe(
      'Till Companion cannot write its data folder /srv/till/data (permission denied). Give the user running the app write access to it.',
    );
    expect(dataDirMessage(dir, { at: dir, code: 'EPERM' }, 'service')).toContain('(permission denied)');
  });

  it('says which part of the path stops a missing folder from being created', () => {
    expect(dataDirMessage(dir, { at: '/srv', code: 'EROFS' }, 'service')).toBe(
      'Till Companion cannot create its data folder /srv/till/data (/srv is on a read-only file system). Give the user running the app write access to /srv, or choose another folder with --data-dir.',
    );
    expect(dataDirMessage(dir, { at: '/srv', code: 'EACCES' }, 'electron')).toBe(
      'Till Companion cannot create its data folder /srv/till/data (permission denied on /srv). Give the user running the app write access to /srv.',
    );
  });

  it('tells a file in the way, and a full disk, apart from missing permissions', () => {
    expect(dataDirMessage(dir, { at: dir, code: 'ENOTDIR' }, 'service')).toBe(
      'Till Companion cannot use /srv/till/data as its data folder (it is a file, not a folder). Remove or rename that file, or choose another folder with --data-dir.',
    );
    expect(dataDirMessage(dir, { at: '/srv/till', code: 'ENOTDIR' }, 'electron')).toBe(
      'Till Companion cannot create its data folder /srv/till/data (/srv/till is a file, not a folder). Remove or rename that file.',
    );
    expect(dataDirMessage(dir, { at: dir, code: 'ENOSPC' }, 'electron')).toBe(
      'Till Companion cannot write its data folder /srv/till/data (the disk is full). Free some space on that disk.',
    );
    expect(dataDirMessage(dir, { at: dir, code: 'EIO' }, 'electron')).toBe('Till Companion cannot write its data folder /srv/till/data (EIO). Give the user running the app write access to it.');
  });

  it('is one line: two sentences at most, no error name, no stack', () => {
    for (const code of ['EROFS', 'EACCES', 'ENOTDIR', 'EEXIST', 'ENOSPC']) {
      for (const at of [dir, '/srv']) {
        const message = dataDirMessage(dir, { at, code }, 'service');
        expect(message).not.toMatch(/\n|Error|\bat \S+:\d+/);
        expect(message.startsWith('Till Companion cannot ')).toBe(true);
        expect(message.endsWith('--data-dir.')).toBe(true);
      }
    }
  });

  it('turns a file-system error of the first writes into the same sentence, and leaves others alone', () => {
    const denied = Object.assign(new Error("EPERM: operation not permitted, chmod '/srv/till/data/logs'"), { code: 'EPERM' });
    const translated = asDataDirError(denied, dir, 'service');
    expect(translated).toBeInstanceOf(DataDirError);
    expect((translated as Error).message).toBe(dataDirMessage(dir, { at: dir, code: 'EPERM' }, 'service'));
    const other = new Error('boom');
    expect(asDataDirError(other, dir, 'service')).toBe(other);
  });
});

describe('finding the problem on a real file system', () => {
  const temp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'data-dir-'));

  it('creates a missing folder (and its parents) and leaves nothing behind in it', () => {
    const target = path.join(temp(), 'a', 'b');
    expect(dataDirProblem(target)).toBeNull();
    expect(fs.statSync(target).isDirectory()).toBe(true);
    expect(fs.readdirSync(target)).toEqual([]);
    expect(() => checkDataDir(target, 'service')).not.toThrow();
  });

  it('finds a file where the folder should be, or where one of its parents should be', () => {
    const file = path.join(temp(), 'data');
    fs.writeFileSync(file, 'not a folder');
    expect(dataDirProblem(file)).toEqual({ at: file, code: 'ENOTDIR' });
    expect(dataDirProblem(path.join(file, 'sub', 'dir'))).toEqual({ at: file, code: 'ENOTDIR' });
    expect(() => checkDataDir(file, 'service')).toThrow(new DataDirError(file, { at: file, code: 'ENOTDIR' }, dataDirMessage(file, { at: file, code: 'ENOTDIR' }, 'service')));
  });
});
