import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, LISTEN_LINE, startServiceProcess, tempDir } from '../helpers/service-process';

const TOKEN_FILE = 'api-token';

async function runOnce(dataDir: string, extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const service = await startServiceProcess(['--demo', '--no-demo-feed', '--port', '0', '--data-dir', dataDir, ...extraArgs], { viaNpm: false, env });
  try {
    // The one line service mode prints is unchanged: the link with its token.
    expect(service.stdoutLines.filter((l) => LISTEN_LINE.test(l))).toHaveLength(1);
    const ok = await api(service.base, service.token, 'app.info');
    expect(ok.status).toBe(200);
    return service.token;
  } finally {
    await service.stop();
  }
}

/** The built service (node dist/service/cli.js), restarted on one data dir. */
describe('service mode API token', () => {
  it('a generated token is kept private in the data dir and is the same after two restarts', async () => {
    const dataDir = tempDir();
    const first = await runOnce(dataDir);
    const file = path.join(dataDir, TOKEN_FILE);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(first);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = await runOnce(dataDir);
    const third = await runOnce(dataDir);
    expect(second).toBe(first);
    expect(third).toBe(first);
    // Another data dir is another service: its own token.
    expect(await runOnce(tempDir())).not.toBe(first);
  }, 120_000);

  it('--api-token and TILL_API_TOKEN still set it, without replacing the stored one', async () => {
    const dataDir = tempDir();
    const stored = await runOnce(dataDir);
    expect(await runOnce(dataDir, ['--api-token', 'flag-token-123456'])).toBe('flag-token-123456');
    expect(await runOnce(dataDir, [], { TILL_API_TOKEN: 'env-token-1234567' })).toBe('env-token-1234567');
    expect(fs.readFileSync(path.join(dataDir, TOKEN_FILE), 'utf8').trim()).toBe(stored);
    expect(await runOnce(dataDir)).toBe(stored);
  }, 120_000);

  it('a token file another user could read is tightened to 0600 on start', async () => {
    if (process.platform === 'win32') return;
    const dataDir = tempDir();
    const token = await runOnce(dataDir);
    const file = path.join(dataDir, TOKEN_FILE);
    fs.chmodSync(file, 0o644);
    expect(await runOnce(dataDir)).toBe(token);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  }, 120_000);
});
