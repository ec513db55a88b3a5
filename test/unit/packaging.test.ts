import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../helpers/service-process';

const config = parse(fs.readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));

/** The installers cannot be built here (no Electron download); their configuration is checked instead. */
describe('packaging configuration', () => {
  it('targets Windows nsis and Linux AppImage + deb with an app id and existing icons', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z0-9]+)+$/);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    for (const icon of [config.win.icon, config.linux.icon]) expect(fs.existsSync(path.join(projectRoot, icon)), icon).toBe(true);
  });

  it('packs the built bundles into an asar with native modules unpacked', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.files).toEqual(expect.arrayContaining(['dist/main/**', 'dist/preload/**', 'dist/renderer/**', 'assets/**']));
    expect(pkg.main).toBe('dist/main/index.js');
  });

  it('locks down Electron with fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('never downloads Electron during install, and fetches it on npm start instead', () => {
    expect(pkg.allowScripts.electron).toBe(false);
    expect(pkg.scripts.start).toBe('node scripts/start.mjs');
    expect(fs.readFileSync(path.join(projectRoot, 'scripts', 'start.mjs'), 'utf8')).toContain("electron/install.js");
  });
});
