import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { parseServiceArgs } from '../../main/service/args';
import { startService, type RunningService } from '../../main/service/run-service';
import { makePrivate } from '../../main/app/private-files';
import { tempDir } from '../helpers/service-process';

const TOKEN = 'private-files-token';
const mode = (file: string) => fs.statSync(file).mode & 0o777;

/** Every file under a folder, with its mode, for a readable failure. */
function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    out[path.relative(dir, d) || '.'] = mode(d).toString(8);
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = mode(full).toString(8);
    }
  };
  walk(dir);
  return out;
}

describe.skipIf(process.platform === 'win32')('the data dir is private to the user the app runs as', () => {
  const running: RunningService[] = [];
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop();
  });

  it('tightens an existing install at start, and everything written afterwards is owner-only', async () => {
    const dataDir = path.join(tempDir(), 'till');
    // An install from before: world-readable folder, database and log.
    fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true, mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    fs.writeFileSync(path.join(dataDir, 'logs', 'old.log'), 'phone +358401234567\n', { mode: 0o644 });
    fs.writeFileSync(path.join(dataDir, 'settings.json'), '{}', { mode: 0o644 });
    const old = process.umask(0o022);
    try {
      const service = await startService(parseServiceArgs(['--port', '0', '--data-dir', dataDir, '--api-token', TOKEN, '--demo', '--no-demo-feed'], {}), { logger: createMemoryLogger() });
      running.push(service);
      // Write through every path that makes files: an ingest (db + WAL), settings, a diagnostics zip.
      const res = await fetch(`${service.url}/ingest/customers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify([{ external_id: 'P-1', phone_number: '+358401234567', email: 'p@example.fi' }]),
      });
      expect(res.status).toBe(202);
      await service.companion.api['settings.update']({ patch: { general: { shopId: 'SHOP-P' } } });
      await service.companion.api['diagnostics.export']({});
      const all = modes(dataDir);
      const loose = Object.entries(all).filter(([, m]) => (parseInt(m, 8) & 0o077) !== 0);
      expect(loose, JSON.stringify(all, null, 1)).toEqual([]);
      expect(Object.keys(all)).toEqual(expect.arrayContaining(['demo/till-companion.db', 'demo/till-companion.db-wal', 'logs/old.log', 'settings.json']));
      expect(all['.']).toBe('700');
      expect(all['demo/till-companion.db']).toBe('600');
    } finally {
      process.umask(old);
    }
  });

  it('keeps the owner’s own bits, leaves symbolic links alone, and does nothing on Windows', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    fs.symlinkSync('/etc/hostname', path.join(dir, 'link'));
    const old = process.umask();
    try {
      expect(makePrivate(dir, 'win32')).toBe(0);
      expect(mode(path.join(dir, 'run.sh'))).toBe(0o755);
      expect(makePrivate(dir)).toBeGreaterThanOrEqual(1);
      expect(mode(path.join(dir, 'run.sh'))).toBe(0o700);
      expect(mode('/etc/hostname') & 0o044).toBe(0o044);
      expect(makePrivate(dir)).toBe(0);
    } finally {
      process.umask(old);
    }
  });
});
