// Builds every bundle without needing the Electron binary:
//   dist/main/index.js       Electron main (ESM, with its pure-JS npm packages bundled in)
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

/**
 * Packages that stay outside the bundles, loaded from node_modules at run time: the native modules
 * (compiled per platform and Electron ABI, unpacked from the asar) and Electron's own. Everything
 * else (fastify, axios, zod, pino, …) is bundled: one file to read and compile instead of thousands
 * to resolve, which is most of a cold start. What the first screen does not need (the simulator,
 * serial and HID, QR codes, zip, CSV) is imported where it is used, so it goes into chunks of its own
 * that load on first use (splitting).
 */
export const EXTERNAL = ['better-sqlite3', 'serialport', '@serialport/*', 'node-hid', 'electron', 'electron-updater'];

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: EXTERNAL,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // Bundled CommonJS packages call require() for Node's built-ins; an ES module has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // Only whitespace: names stay readable in stack traces, and there is less source to compile.
  minifyWhitespace: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await Promise.all([
  esbuild({ ...node, entryPoints: { index: 'main/index.ts' }, outdir: 'dist/main' }),
  // dist/service/cli.js is the entry systemd runs; its chunks go beside it.
  esbuild({ ...node, entryPoints: { cli: 'main/service/cli.ts' }, outdir: 'dist/service' }),
  esbuild({ ...node, entryPoints: { cli: 'main/simulator/cli.ts' }, outdir: 'dist/simulator' }),
  import('./build-preload.mjs').then(({ buildPreload }) => buildPreload()),
]);
log(`main, preload, service, simulator built`);
await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: quiet ? 'error' : 'warn' });
fs.writeFileSync(path.join(root, 'dist', '.build-stamp'), new Date().toISOString());
log(`build done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
