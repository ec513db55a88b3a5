/**
 * The child process's entry: `node launch.mjs <app args…>` with TILL_STANDIN_MAIN=dist/main/index.js.
 * It makes 'electron' resolve to the stand-in for ESM (a resolve hook) and CommonJS (electron-updater
 * requires it), imports the built main bundle as Electron would, and emits `ready` once the entry has
 * been evaluated (Electron waits for an ES module entry's top level, top-level awaits included).
 */
import Module, { createRequire, register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const electronPath = path.join(here, 'electron.cjs');
const main = process.env.TILL_STANDIN_MAIN;
if (!main) throw new Error('TILL_STANDIN_MAIN is not set');

register('./hooks.mjs', import.meta.url, { data: { electronUrl: pathToFileURL(electronPath).href } });

const cjs = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolveFilename = cjs._resolveFilename;
cjs._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
  return request === 'electron' || request === 'electron/main' ? electronPath : resolveFilename.call(this, request, ...rest);
};

// As `electron dist/main/index.js --demo` shows it: argv[1] is the app's entry.
process.argv.splice(1, 1, path.resolve(main));

const electron = createRequire(import.meta.url)(electronPath) as typeof import('./electron');
try {
  await import(pathToFileURL(path.resolve(main)).href);
} catch (error) {
  process.stderr.write(`A JavaScript error occurred in the main process: ${error instanceof Error ? error.stack : String(error)}\n`);
  electron.app.exit(1);
}
electron.app.markReady();
