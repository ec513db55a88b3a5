import fs from 'node:fs';
import path from 'node:path';
import type { AppMode } from '../core/context/context';

/** Where the check failed and why: the data folder itself, or the nearest part of its path that exists. */
export interface DataDirProblem {
  at: string;
  /** The system's error code: EROFS, EACCES, EPERM, ENOTDIR (a file where a folder must be), ENOSPC, … */
  code: string;
}

/**
 * The app cannot use its data folder. The message is the whole story for the person at the till or
 * the service manager's journal: which folder, why, and what to do. Service mode prints it alone.
 */
export class DataDirError extends Error {
  constructor(
    readonly dataDir: string,
    readonly problem: DataDirProblem,
    message: string,
  ) {
    super(message);
    this.name = 'DataDirError';
  }
}

/** Why, about the data folder itself or about the part of its path that stops it being created. */
function reasonFor(problem: DataDirProblem, itself: boolean): string {
  const { at, code } = problem;
  switch (code) {
    case 'EROFS':
      return itself ? 'read-only file system' : `${at} is on a read-only file system`;
    case 'EACCES':
    case 'EPERM':
      return itself ? 'permission denied' : `permission denied on ${at}`;
    case 'ENOTDIR':
    case 'EEXIST':
      return itself ? 'it is a file, not a folder' : `${at} is a file, not a folder`;
    case 'ENOSPC':
    case 'EDQUOT':
      return itself ? 'the disk is full' : `the disk holding ${at} is full`;
    default:
      return itself ? code : `${at}: ${code}`;
  }
}

const NOT_A_FOLDER = new Set(['ENOTDIR', 'EEXIST']);
const FULL = new Set(['ENOSPC', 'EDQUOT']);

/**
 * What the user can do about it. Service mode can also be pointed elsewhere (--data-dir; there is no
 * environment variable for it); the desktop app's folder is the system's per-user app data folder.
 */
export function dataDirHint(dataDir: string, problem: DataDirProblem, mode: AppMode): string {
  const itself = path.resolve(problem.at) === path.resolve(dataDir);
  const fix = NOT_A_FOLDER.has(problem.code)
    ? 'Remove or rename that file'
    : FULL.has(problem.code)
      ? 'Free some space on that disk'
      : `Give the user running the app write access to ${itself ? 'it' : problem.at}`;
  return mode === 'service' ? `${fix}, or choose another folder with --data-dir.` : `${fix}.`;
}

/**
 * "Till Companion cannot write its data folder /x/y (read-only file system). Give the user running the
 * app write access to it, or choose another folder with --data-dir."
 */
export function dataDirMessage(dataDir: string, problem: DataDirProblem, mode: AppMode): string {
  const itself = path.resolve(problem.at) === path.resolve(dataDir);
  const what = itself ? (NOT_A_FOLDER.has(problem.code) ? `use ${dataDir} as its data folder` : `write its data folder ${dataDir}`) : `create its data folder ${dataDir}`;
  return `Till Companion cannot ${what} (${reasonFor(problem, itself)}). ${dataDirHint(dataDir, problem, mode)}`;
}

const codeOf = (error: unknown): string => String((error as { code?: unknown }).code ?? (error as Error).message ?? error);

/** The nearest part of the path that exists says what is wrong: a file, or a folder this user cannot write. */
function diagnose(dataDir: string, error: unknown): DataDirProblem {
  for (let at = path.resolve(dataDir); ; at = path.dirname(at)) {
    let stat: fs.Stats | null = null;
    try {
      stat = fs.statSync(at);
    } catch {
      // Missing (or not reachable): look one level up.
    }
    if (stat) {
      if (!stat.isDirectory()) return { at, code: 'ENOTDIR' };
      try {
        fs.accessSync(at, fs.constants.W_OK);
      } catch (denied) {
        return { at, code: codeOf(denied) };
      }
      break;
    }
    if (path.dirname(at) === at) break;
  }
  const at = (error as { path?: unknown }).path;
  return { at: typeof at === 'string' ? at : dataDir, code: codeOf(error) };
}

/** Finds why the data folder cannot be used, creating it if missing; null when the app can write in it. */
export function dataDirProblem(dataDir: string): DataDirProblem | null {
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    return diagnose(dataDir, error);
  }
  // A real file, as the log and the database will be: access(W_OK) misses a full disk and Windows' folder ACLs.
  const probe = path.join(dataDir, `.write-check-${process.pid}`);
  try {
    fs.closeSync(fs.openSync(probe, 'w', 0o600));
    fs.rmSync(probe, { force: true });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOTDIR') return { at: dataDir, code: 'ENOTDIR' };
    return { at: dataDir, code: codeOf(error) };
  }
  return null;
}

/** Throws DataDirError when the app cannot create or write its data folder. */
export function checkDataDir(dataDir: string, mode: AppMode): void {
  const problem = dataDirProblem(dataDir);
  if (problem) throw new DataDirError(dataDir, problem, dataDirMessage(dataDir, problem, mode));
}

const FILE_SYSTEM_CODES = new Set(['EROFS', 'EACCES', 'EPERM', 'ENOTDIR', 'EEXIST', 'ENOSPC', 'EDQUOT']);

/** A file-system error from the first writes into the data folder (making it private) as DataDirError; others unchanged. */
export function asDataDirError(error: unknown, dataDir: string, mode: AppMode): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !FILE_SYSTEM_CODES.has(code)) return error;
  const problem = { at: dataDir, code };
  return new DataDirError(dataDir, problem, dataDirMessage(dataDir, problem, mode));
}
