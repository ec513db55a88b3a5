import { fork } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, tempDir } from '../../helpers/service-process';

const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const electronVersion = (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;
const remoteRebuild = path.join(path.dirname(fromBuilder.resolve('app-builder-lib/package.json')), 'helpers', 'remote-rebuild.js');

/**
 * package.json overrides @electron/rebuild to 3.7.2 (4.x wants Node 22). electron-builder's
 * `npmRebuild` forks helpers/remote-rebuild.js, which loads @electron/rebuild and calls
 * rebuild(options).lifecycle; this runs that very helper with the options electron-builder passes,
 * on an app without native modules (nothing to download), and expects it to finish.
 */
describe('electron-builder with the overridden @electron/rebuild', () => {
  it('its rebuild helper loads @electron/rebuild and completes a rebuild', async () => {
    const app = tempDir('till-rebuild-');
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'rebuild-probe', version: '1.0.0' }));
    const options = { buildPath: app, electronVersion, arch: 'x64', platform: 'linux', buildFromSource: false, projectRootPath: app, mode: 'sequential', disablePreGypCopy: true };
    const messages: { msg: string; err?: { message: string } }[] = [];
    const code = await new Promise<number | null>((resolve) => {
      const child = fork(remoteRebuild, [JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
      child.on('message', (m) => messages.push(m as (typeof messages)[number]));
      child.on('exit', resolve);
    });
    fs.rmSync(app, { recursive: true, force: true });
    expect(code).toBe(0);
    // The helper exits 0 on failure too and reports it as a message.
    expect(messages.map((m) => m.err?.message ?? m.msg)).toEqual(['rebuild-done']);
  });

  it('the installed @electron/rebuild is the overridden one', () => {
    const version = (createRequire(remoteRebuild)('@electron/rebuild/package.json') as { version: string }).version;
    const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
    expect(version).toBe(pkg.overrides['@electron/rebuild']['.']);
  });
});
