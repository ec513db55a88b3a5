import fs from 'node:fs';
import path from 'node:path';
import type { Profile } from '../../preload/contract';
import type { SettingsBackend } from '../core/settings/backend';
import { writeFileAtomic } from '../core/settings/file-backend';

/**
 * Which data set the app runs on. The store's own data lives in the data dir as it always has; the
 * demo's database and settings live apart in <data-dir>/demo, so trying the demo never touches a real
 * configuration and leaving it starts clean, while going back to the demo shows it as it was.
 */
export type DataSet = 'demo' | 'real';

export const PROFILE_FILE = 'profile.json';

/** One log for the whole app, whichever data set runs: <data-dir>/logs. */
export function logsDir(dataDir: string): string {
  return path.join(dataDir, 'logs');
}

export function demoDir(dataDir: string): string {
  return path.join(dataDir, 'demo');
}

/** The last choice made on the setup screen, or null when none was made (or the file is unreadable). */
export function readChosenProfile(dataDir: string): DataSet | null {
  try {
    const value = (JSON.parse(fs.readFileSync(path.join(dataDir, PROFILE_FILE), 'utf8')) as { profile?: unknown }).profile;
    return value === 'demo' || value === 'real' ? value : null;
  } catch {
    return null;
  }
}

export function writeChosenProfile(dataDir: string, profile: DataSet): void {
  writeFileAtomic(path.join(dataDir, PROFILE_FILE), `${JSON.stringify({ profile, chosenAt: new Date().toISOString() })}\n`);
}

/** A Custobar address in the store's stored settings: an install from before the setup screen existed. */
function storeConfigured(backend: SettingsBackend): boolean {
  try {
    const stored = backend.read() as { custobar?: { baseUrl?: unknown } } | undefined;
    return typeof stored?.custobar?.baseUrl === 'string' && stored.custobar.baseUrl !== '';
  } catch {
    return false;
  }
}

/**
 * The profile at start: `--demo` wins for this run (without changing the saved choice); then the
 * saved choice; then an existing configuration counts as 'real'; otherwise 'none' — first run, the
 * setup screen shows over the store's (empty) data set.
 */
export function initialProfile(options: { dataDir: string; forceDemo: boolean; storeSettings: SettingsBackend; configuredByFlags: boolean }): Profile {
  if (options.forceDemo) return 'demo';
  const chosen = readChosenProfile(options.dataDir);
  if (chosen) return chosen;
  return options.configuredByFlags || storeConfigured(options.storeSettings) ? 'real' : 'none';
}
