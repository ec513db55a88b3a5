// Builds every bundle without needing the Electron binary:
//   dist/main/index.js       Electron main (ESM; npm packages stay external, electron-builder ships them)
//   dist/preload/index.cjs   sandboxed preload: ONE CommonJS file, because sandboxed preloads cannot
//                            load ES modules or npm packages
//   dist/service/cli.js      headless service mode (plain Node)
//   dist/simulator/cli.js    the Custobar simulator on its own
//   dist/renderer/           the UI (Vite)
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const quiet = process.argv.includes('--quiet');
const log = (msg) => quiet || process.stderr.write(`${msg}\n`);
const started = Date.now();

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
  absWorkingDir: root,
};

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await Promise.all([
  esbuild({ ...node, entryPoints: ['main/index.ts'], outfile: 'dist/main/index.js', external: ['electron'] }),
  esbuild({ ...node, entryPoints: ['main/service/cli.ts'], outfile: 'dist/service/cli.js' }),
  esbuild({ ...node, entryPoints: ['main/simulator/cli.ts'], outfile: 'dist/simulator/cli.js' }),
  esbuild({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    external: ['electron'],
    logLevel: 'warning',
    absWorkingDir: root,
    entryPoints: ['preload/index.ts'],
    outfile: 'dist/preload/index.cjs',
  }),
]);
log(`main, preload, service, simulator built`);
await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: quiet ? 'error' : 'warn' });
fs.writeFileSync(path.join(root, 'dist', '.build-stamp'), new Date().toISOString());
log(`build done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
