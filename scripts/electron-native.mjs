// better-sqlite3 is a native module built for Node's ABI (tests and service mode use it as is).
// Electron has its own ABI, so `npm start` keeps a second build for Electron in
// .cache/electron-native/<electron version>/ and hands its path to the app (TILL_SQLITE_BINDING).
// Installers do not need this: electron-builder rebuilds native modules for Electron when packaging.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

export function ensureElectronSqlite(electronVersion) {
  const dir = path.join(root, '.cache', 'electron-native', `${electronVersion}-${process.platform}-${process.arch}`);
  const binding = path.join(dir, 'build', 'Release', 'better_sqlite3.node');
  if (fs.existsSync(binding)) return binding;

  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of ['package.json', 'binding.gyp', 'src', 'deps']) {
    if (fs.existsSync(path.join(source, entry))) fs.cpSync(path.join(source, entry), path.join(dir, entry), { recursive: true });
  }
  process.stderr.write(`Preparing the database module for Electron ${electronVersion} (once)…\n`);
  // A prebuilt binary for this Electron version if one is published, else a build from source.
  const prebuild = spawnSync(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion], {
    cwd: dir,
    stdio: ['ignore', 2, 2],
  });
  if (prebuild.status !== 0 || !fs.existsSync(binding)) {
    const gyp = spawnSync(process.execPath, [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'], {
      cwd: dir,
      stdio: ['ignore', 2, 2],
    });
    if (gyp.status !== 0 || !fs.existsSync(binding)) {
      throw new Error('could not build better-sqlite3 for Electron (needs internet, and build tools when no prebuilt binary exists)');
    }
  }
  return binding;
}
