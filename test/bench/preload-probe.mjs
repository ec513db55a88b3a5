// Run by ui-load.bench.ts in a fresh Node process for each sample (a cold V8, as each Electron
// window's preload gets): evaluates one preload the way a sandboxed preload runs, as a CommonJS
// function given `require`, whose 'electron' is the stand-in the electron-path e2e gives the page
// (test/helpers/electron-standin/page-shim.ts, bundled by the bench). Prints the milliseconds from
// reading the file to the end of its evaluation, as JSON.
//   node preload-probe.mjs <page-shim.js> <preload.cjs>
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import vm from 'node:vm';

const [shimFile, preloadFile] = process.argv.slice(2);
vm.runInThisContext(fs.readFileSync(shimFile, 'utf8'), { filename: shimFile });
const electron = globalThis.__tillStandinPage.createRendererElectron('__benchIpc', '__benchDeliver');
const require = (id) => {
  if (id === 'electron') return electron;
  throw new Error(`a sandboxed preload cannot require ${id}`);
};

const start = performance.now();
const source = fs.readFileSync(preloadFile, 'utf8');
const run = vm.compileFunction(source, ['require', 'module', 'exports'], { filename: preloadFile });
const module = { exports: {} };
run(require, module, module.exports);
const ms = performance.now() - start;

if (typeof globalThis.companion?.invoke !== 'function') throw new Error(`${preloadFile} exposed no window.companion.invoke`);
process.stdout.write(`${JSON.stringify({ ms })}\n`);
