import { build as esbuild } from 'esbuild';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { contentType } from '../../main/http/static-files';
import { projectRoot, startServiceProcess, tempDir } from '../helpers/service-process';
import { spread, type Row } from './lib';

const REPEATS = 3;
/** Each repeat is the median of this many samples: one page load or one Node process varies by ±50 % here. */
const SAMPLES = 5;
const KB = 1024;
const here = import.meta.dirname;
const PRELOAD = path.join(projectRoot, 'dist', 'preload', 'index.cjs');
const MINIMAL_PRELOAD = path.join(here, 'minimal-preload.cjs');
const PROBE = path.join(here, 'preload-probe.mjs');
const run = promisify(execFile);

const median = (values: number[]): number => spread(values).value;
const fmt = (values: number[], digits = 2) => values.map((v) => v.toFixed(digits)).join(' / ');
/** The reference's own repeats, for the note: lib.ts prints min / median / max for the value only. */
const referenceSpread = (values: number[], unit: string) => `reference min / median / max: ${fmt([...values].sort((a, b) => a - b))} ${unit}`;

/** The Electron stand-in's page side (what the electron-path e2e gives a preload as 'electron'), as one script. */
async function bundlePageShim(dir: string): Promise<string> {
  const file = path.join(dir, 'page-shim.js');
  await esbuild({
    entryPoints: [path.join(projectRoot, 'test', 'helpers', 'electron-standin', 'page-shim.ts')],
    outfile: file,
    bundle: true,
    format: 'iife',
    globalName: '__tillStandinPage',
    platform: 'neutral',
    target: 'node20',
    logLevel: 'warning',
  });
  return file;
}

/** One cold evaluation of `preload` in a fresh Node process (preload-probe.mjs). */
async function evaluateOnce(shim: string, preload: string): Promise<number> {
  const { stdout } = await run(process.execPath, [PROBE, shim, preload]);
  return (JSON.parse(stdout) as { ms: number }).ms;
}

async function preloadRows(): Promise<Row[]> {
  const shim = await bundlePageShim(tempDir('bench-ui-shim-'));
  const times = { preload: [] as number[], minimal: [] as number[] };
  await evaluateOnce(shim, PRELOAD); // the first process start reads Node itself from disk
  for (let i = 0; i < REPEATS; i += 1) {
    const samples = { preload: [] as number[], minimal: [] as number[] };
    for (let k = 0; k < SAMPLES; k += 1) {
      samples.minimal.push(await evaluateOnce(shim, MINIMAL_PRELOAD));
      samples.preload.push(await evaluateOnce(shim, PRELOAD));
    }
    times.minimal.push(median(samples.minimal));
    times.preload.push(median(samples.preload));
  }
  const size = fs.statSync(PRELOAD).size;
  const minimalSize = fs.statSync(MINIMAL_PRELOAD).size;
  const time = spread(times.preload);
  return [
    {
      figure: 'preload size, dist/preload/index.cjs',
      value: size / KB,
      unit: 'KB',
      reference: { label: 'minimal IPC preload (one invoke)', value: minimalSize / KB },
      lowerIsBetter: true,
      note: `goal ≤ 15 KB: ${size <= 15 * KB ? 'met' : 'MISSED'} (a file size: the same in every repeat, read once)`,
    },
    {
      figure: `preload evaluation in Node with the Electron stand-in (each repeat: median of ${SAMPLES} cold processes)`,
      ...time,
      unit: 'ms',
      reference: { label: 'minimal IPC preload', value: spread(times.minimal).value },
      lowerIsBetter: true,
      note: `goal ≤ 10 ms: ${time.repeats.every((t) => t <= 10) ? `met, ${REPEATS} of ${REPEATS}` : `MISSED in ${time.repeats.filter((t) => t > 10).length} of ${REPEATS}`}; ${referenceSpread(times.minimal, 'ms')}`,
    },
  ];
}

/** React's hello world (hello-world.tsx), production build, with an index.html in `dir`. */
async function buildHelloWorld(dir: string): Promise<void> {
  await esbuild({
    absWorkingDir: projectRoot,
    entryPoints: [path.join(here, 'hello-world.tsx')],
    outfile: path.join(dir, 'hello.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'chrome120',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="UTF-8" />\n    <title>Hello</title>\n    <script type="module" src="./hello.js"></script>\n  </head>\n  <body>\n    <div id="root"></div>\n  </body>\n</html>\n',
  );
}

/** A plain static file server on loopback. */
async function serveStatic(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const name = (request.url ?? '/').split('?')[0]!.replace(/^\/+/, '') || 'index.html';
    const file = path.join(dir, path.basename(name));
    if (!fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': contentType(file), 'Cache-Control': 'no-store' });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** First contentful paint (ms after navigation start) of `url` in a fresh context: nothing cached. */
async function firstContentfulPaint(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 400, height: 700 } });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    // A string, not a function: evaluated as is (tsx would add helpers to a function's source).
    const fcp = await page.evaluate(`new Promise((resolve) => {
      const found = () => performance.getEntriesByName('first-contentful-paint')[0];
      if (found()) return resolve(found().startTime);
      new PerformanceObserver(() => found() && resolve(found().startTime)).observe({ type: 'paint', buffered: true });
    })`);
    return Number(fcp);
  } finally {
    await context.close();
  }
}

/** The JavaScript index.html makes the browser load before anything runs: its module script and modulepreloads. */
function initialScripts(rendererDir: string): { files: string[]; bytes: number } {
  const html = fs.readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\.\/([^"]+)"/g)].map((m) => m[1]!);
  return { files, bytes: files.reduce((sum, f) => sum + fs.statSync(path.join(rendererDir, f)).size, 0) };
}

async function paintRows(): Promise<Row[]> {
  const helloDir = tempDir('bench-ui-hello-');
  await buildHelloWorld(helloDir);
  const hello = await serveStatic(helloDir);
  // As `npm run serve -- --demo` starts it (the demo feed included), on a fresh data dir.
  const service = await startServiceProcess(['--demo', '--port', '0', '--data-dir', tempDir('bench-ui-service-')], { viaNpm: false });
  const browser = await launchBrowser();
  try {
    // One unmeasured load of each: Chromium's first renderer process and the service's first reads.
    await firstContentfulPaint(browser, service.url);
    await firstContentfulPaint(browser, hello.url);
    const app: number[] = [];
    const reference: number[] = [];
    for (let i = 0; i < REPEATS; i += 1) {
      const samples = { app: [] as number[], reference: [] as number[] };
      for (let k = 0; k < SAMPLES; k += 1) {
        samples.app.push(await firstContentfulPaint(browser, service.url));
        samples.reference.push(await firstContentfulPaint(browser, hello.url));
      }
      app.push(median(samples.app));
      reference.push(median(samples.reference));
    }
    const fcp = spread(app);
    const ref = spread(reference).value;
    const rendererDir = path.join(projectRoot, 'dist', 'renderer');
    const initial = initialScripts(rendererDir);
    const allJs = fs.readdirSync(path.join(rendererDir, 'assets')).filter((f) => f.endsWith('.js'));
    const lazyBytes = allJs.filter((f) => !initial.files.includes(`assets/${f}`)).reduce((sum, f) => sum + fs.statSync(path.join(rendererDir, 'assets', f)).size, 0);
    return [
      {
        figure: `first contentful paint of Checkout, service --demo (each repeat: median of ${SAMPLES} loads, fresh context each)`,
        ...fcp,
        unit: 'ms',
        reference: { label: 'React hello world, static server', value: ref },
        lowerIsBetter: true,
        note: `goal ≤ 1.3×: ${fcp.value / ref <= 1.3 ? 'met' : 'MISSED'} (each repeat ${app.map((a, k) => `${(a / reference[k]!).toFixed(2)}×`).join(', ')}); ${referenceSpread(reference, 'ms')}`,
      },
      {
        figure: `JavaScript loaded before the first paint (index.html's ${initial.files.length === 1 ? 'entry' : `${initial.files.length} scripts`})`,
        value: initial.bytes / KB,
        unit: 'KB',
        reference: { label: 'React hello world bundle', value: fs.statSync(path.join(helloDir, 'hello.js')).size / KB },
        lowerIsBetter: true,
        note: `loaded on demand: ${(lazyBytes / KB).toFixed(1)} KB in ${allJs.length - initial.files.length} chunks (Status, Settings, fi, sv, shared)`,
      },
    ];
  } finally {
    await browser.close();
    await service.stop();
    await hello.close();
  }
}

/** `npm run bench -- ui`: what the till pays before it can show anything (issue 13, "Scale"). */
export async function uiLoadBench(): Promise<Row[]> {
  return [...(await preloadRows()), ...(await paintRows())];
}
