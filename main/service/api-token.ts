import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where service mode keeps its generated API token: in the data dir, readable by its owner only. */
export const API_TOKEN_FILE = 'api-token';
const MIN_LENGTH = 8;

export interface ApiToken {
  token: string;
  /** 'given' = --api-token or TILL_API_TOKEN; 'stored' = read back from the data dir; 'generated' = new and saved. */
  origin: 'given' | 'stored' | 'generated';
  /** Set when a generated token could not be saved: it then lasts only until the service stops. */
  problem?: string;
}

/**
 * The API token for this start: the given one wins (and is not written anywhere); otherwise the one
 * kept in the data dir, so the link the manager bookmarked keeps working after a restart; otherwise a
 * new random one, written 0600 before it is used.
 */
export function resolveApiToken(dataDir: string, given: string | undefined): ApiToken {
  if (given !== undefined) return { token: given, origin: 'given' };
  const file = path.join(dataDir, API_TOKEN_FILE);
  try {
    const stored = fs.readFileSync(file, 'utf8').trim();
    if (stored.length >= MIN_LENGTH && /^[A-Za-z0-9_-]+$/.test(stored)) {
      // An older copy or a restore may have loosened it: the token opens the whole API.
      if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
      return { token: stored, origin: 'stored' };
    }
  } catch {
    // Missing or unreadable: a new one below.
  }
  const token = randomBytes(24).toString('base64url');
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
    if (process.platform !== 'win32') fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
    return { token, origin: 'generated' };
  } catch (error) {
    // An unusable data dir is reported by the start-up itself, in its one sentence.
    return { token, origin: 'generated', problem: error instanceof Error ? error.message : String(error) };
  }
}
