import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultDebDepends, electronFuseKeys, FuseV1Options } from '../helpers/electron-builder';
import { projectRoot } from '../helpers/service-process';

const config = parse(fs.readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));

/**
 * The installers cannot be built here (no Electron download); their configuration is checked
 * instead. test/integration/packaging/ packs the app for real against a stand-in Electron.
 */
describe('packaging configuration', () => {
  it('targets Windows nsis + msi and Linux AppImage + deb with an app id and existing icons', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z0-9]+)+$/);
    expect(config.win.target).toEqual(['nsis', 'msi']);
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
      // The UI comes from the app:// scheme; file:// pages get no extra privileges.
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('sets every fuse electron-builder knows, each naming a real fuse', () => {
    // A misspelt key would be refused by electron-builder's schema only at `npm run dist`; a fuse left
    // out keeps Electron's default silently.
    const fuses = electronFuseKeys().filter((key) => key !== 'resetAdHocDarwinSignature');
    expect(fuses).toContain('grantFileProtocolExtraPrivileges');
    expect(Object.keys(config.electronFuses).sort()).toEqual(fuses.sort());
    for (const key of fuses) expect(FuseV1Options[key[0]!.toUpperCase() + key.slice(1)], key).toEqual(expect.any(Number));
  });

  it('never downloads Electron during install, and fetches it on npm start instead', () => {
    expect(pkg.allowScripts.electron).toBe(false);
    expect(pkg.scripts.start).toBe('node scripts/start.mjs');
    expect(fs.readFileSync(path.join(projectRoot, 'scripts', 'start.mjs'), 'utf8')).toContain("electron/install.js");
  });

  it('keeps Electron’s own runtime packages in the .deb Depends', () => {
    // `deb.depends` replaces electron-builder's list instead of adding to it; without GTK, NSS and
    // libsecret the package installs on a minimal till and the app does not start.
    expect(config.deb.depends).toEqual(expect.arrayContaining([...defaultDebDepends(), 'libusb-1.0-0']));
  });
});

/** README "Fleet install": deployment tools install silently, per machine or per user. */
describe('fleet install (Windows)', () => {
  const render = (artifactName: string, ext: string) => artifactName.replace('${version}', pkg.version).replace('${ext}', ext);

  it('NSIS is an assisted installer that offers per-machine and takes /allusers and /currentuser', () => {
    // oneClick: true ignores /allusers; perMachine: true removes the choice and ignores /currentuser.
    expect(config.nsis.oneClick).toBe(false);
    expect(config.nsis.perMachine).not.toBe(true);
    // A bare `/S` installs for all users.
    expect(config.nsis.selectPerMachineByDefault).toBe(true);
    // allowElevation: false would refuse "all users" to a non-admin instead of asking UAC.
    expect(config.nsis.allowElevation).not.toBe(false);
    expect(config.nsis.allowToChangeInstallationDirectory).toBe(true); // the page behind /D=path
  });

  it('uninstalling keeps the user-data folder with the undelivered outbox', () => {
    expect(config.nsis.deleteAppDataOnUninstall).not.toBe(true);
  });

  it('an msi target installs per machine, silently, with a fixed upgrade code', () => {
    expect(config.win.target).toContain('msi');
    expect(config.msi.perMachine).toBe(true);
    // A Group Policy install runs as SYSTEM: starting the app from it would run it as SYSTEM.
    expect(config.msi.runAfterFinish).toBe(false);
    expect(config.msi.upgradeCode).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  });

  it('names the installers without spaces, as the README commands spell them', () => {
    expect(render(config.nsis.artifactName, 'exe')).toBe(`Till-Companion-Setup-${pkg.version}.exe`);
    expect(render(config.msi.artifactName, 'msi')).toBe(`Till-Companion-${pkg.version}.msi`);
  });

  it('names a manufacturer for the MSI and the Windows uninstall entry', () => {
    expect(pkg.author?.name).toEqual(expect.any(String));
  });
});
