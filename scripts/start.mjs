// `npm start`: builds if needed, makes sure the Electron binary is present, and opens the app.
// The binary is fetched here rather than at install time (package.json "allowScripts" keeps
// electron's install script from running), so `npm ci` also works on machines without internet.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureBuild } from './ensure-build.mjs';
import { ensureElectronSqlite } from './electron-native.mjs';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    return require('electron');
  } catch {
    return null;
  }
}

ensureBuild();
let binary = electronBinary();
if (!binary) {
  process.stderr.write('Downloading Electron (first start)…\n');
  const install = spawnSync(process.execPath, [require.resolve('electron/install.js')], { stdio: 'inherit', cwd: root });
  binary = install.status === 0 ? electronBinary() : null;
  if (!binary) {
    process.stderr.write(
      '\nElectron could not be downloaded (no internet access?).\n' +
        'You can still run Till Companion headless in a browser: npm run serve -- --demo\n',
    );
    process.exit(1);
  }
}
const electronVersion = require('electron/package.json').version;
let sqliteBinding;
try {
  sqliteBinding = ensureElectronSqlite(electronVersion);
} catch (error) {
  process.stderr.write(`\n${error.message}\nYou can still run Till Companion headless in a browser: npm run serve -- --demo\n`);
  process.exit(1);
}
const child = spawn(binary, [root, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, TILL_SQLITE_BINDING: sqliteBinding },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
