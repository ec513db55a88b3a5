import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { asar, FuseState } from '../../helpers/electron-builder';
import { projectRoot } from '../../helpers/service-process';
import { runtimeAssets } from './assets';
import { builtEntries, runtimeImports, unresolvable, type RuntimeImport } from './imports';
import { installProduction } from './install';
import { packLinuxDir, readFuses, type PackedApp } from './pack';

const config = parse(fs.readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
/** Everything the bundles load that must come from node_modules (Electron provides `electron`). */
const fromNodeModules = (imports: RuntimeImport[]) => imports.filter((i) => !i.builtin && i.specifier !== 'electron');

/**
 * What ships, checked on a real production install. A package the app imports but package.json
 * lists only under devDependencies (qrcode once) works in every test run from the repository and
 * breaks only in the installer and on a server; so do assets the electron-builder `files` miss.
 */
describe('production install (npm ci --omit=dev of the build)', () => {
  let dir: string;
  let imports: RuntimeImport[];
  beforeAll(async () => {
    dir = installProduction();
    imports = await runtimeImports(dir, builtEntries(dir));
  }, 300_000);
  afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('sees the imports of every kind in main, preload and service bundles', () => {
    // Without these the resolution test below could pass on a scan that found nothing.
    expect(imports).toEqual(
      expect.arrayContaining([
        // The bundles keep only the native modules and Electron's own outside (scripts/build.mjs EXTERNAL).
        expect.objectContaining({ file: 'dist/main/index.js', specifier: 'better-sqlite3', kind: 'import' }),
        expect.objectContaining({ file: 'dist/main/index.js', specifier: 'node-hid', kind: 'import' }), // import('node-hid')
        expect.objectContaining({ file: 'dist/main/index.js', specifier: 'electron-updater', kind: 'import' }),
        expect.objectContaining({ file: 'dist/preload/index.cjs', specifier: 'electron', kind: 'require' }),
        expect.objectContaining({ file: 'dist/service/cli.js', specifier: 'better-sqlite3', kind: 'import' }),
        expect.objectContaining({ file: 'dist/service/cli.js', specifier: 'serialport', kind: 'import' }), // import('serialport'), on first use
      ]),
    );
  });

  it('resolves every package the bundles import from the production dependencies alone', () => {
    expect(unresolvable(dir, fromNodeModules(imports))).toEqual([]);
  });

  it('names a package that is not installed (the check can fail)', () => {
    const missing = [
      { file: 'dist/main/index.js', specifier: 'till-no-such-package', kind: 'import', builtin: false },
      { file: 'dist/preload/index.cjs', specifier: 'till-no-such-package/sub.js', kind: 'require', builtin: false },
    ] as const;
    const failures = unresolvable(dir, [...missing]);
    expect(failures).toHaveLength(2);
    expect(failures.join('\n')).toMatch(/dist\/main: till-no-such-package \(import\)/);
  });

  it('the sandboxed preload loads only what a sandboxed preload can require', () => {
    // Electron gives a sandboxed preload electron, events, timers and url, and no npm packages.
    const preload = imports.filter((i) => i.file.startsWith('dist/preload/')).map((i) => i.specifier);
    expect(preload.filter((s) => !['electron', 'events', 'timers', 'url'].includes(s))).toEqual([]);
  });

  describe('packed by electron-builder (Linux dir target, stand-in Electron)', () => {
    let packed: PackedApp;
    let listing: Set<string>;
    let extracted: string;
    beforeAll(() => {
      packed = packLinuxDir(dir);
      listing = new Set(asar.listPackage(packed.asar).map((p) => p.replace(/\\/g, '/').replace(/^\//, '')));
      extracted = path.join(dir, 'extracted');
      asar.extractAll(packed.asar, extracted);
    }, 300_000);

    it('holds every file the app loads at run time', () => {
      const refs = runtimeAssets(projectRoot);
      // The scan must find the window's preload and page and the tray icons, or it found nothing.
      expect(refs.flatMap((r) => r.files)).toEqual(expect.arrayContaining(['dist/preload/index.cjs', 'dist/renderer/index.html', 'assets/tray-idle.png']));
      const problems = refs.flatMap((r) => {
        if (r.files.length === 0) return [`${r.from}: ${r.reference} names no file in the project or its build`];
        return r.files.filter((f) => !listing.has(f)).map((f) => `${r.from}: ${r.reference} → ${f} is not in app.asar (electron-builder.yml "files")`);
      });
      expect(problems).toEqual([]);
    });

    it('keeps native modules outside the archive', () => {
      const native = [...listing].filter((p) => p.endsWith('.node'));
      expect(native.length).toBeGreaterThan(0);
      expect(native.filter((p) => !asar.statFile(packed.asar, p).unpacked)).toEqual([]);
      for (const p of native) expect(fs.existsSync(path.join(packed.unpacked, p)), p).toBe(true);
    });

    it('ships no devDependency', () => {
      const devOnly = Object.keys(pkg.devDependencies).filter((name) => !fs.existsSync(path.join(dir, 'node_modules', name)));
      expect(devOnly).toContain('electron-builder');
      expect(devOnly.filter((name) => listing.has(`node_modules/${name}`))).toEqual([]);
    });

    it('resolves every package main and preload import inside the packed app', async () => {
      const packedImports = await runtimeImports(extracted, builtEntries(extracted));
      expect(packedImports.map((i) => i.file)).toContain('dist/main/index.js');
      expect(unresolvable(extracted, fromNodeModules(packedImports))).toEqual([]);
    });

    it('flips every configured fuse in the binary, file:// privileges off', () => {
      const wire = readFuses(packed.binary);
      // The stand-in ships GrantFileProtocolExtraPrivileges on, as Electron does: off means flipped.
      expect(wire.GrantFileProtocolExtraPrivileges).toBe(FuseState.DISABLE);
      for (const [key, on] of Object.entries(config.electronFuses as Record<string, boolean>)) {
        expect(wire[key[0]!.toUpperCase() + key.slice(1)], key).toBe(on ? FuseState.ENABLE : FuseState.DISABLE);
      }
    });
  });
});
