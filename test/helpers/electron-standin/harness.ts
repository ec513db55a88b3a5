/**
 * Runs the BUILT Electron main bundle (dist/main/index.js) without the Electron binary: a Node child
 * process whose `electron` is the stand-in (electron.ts), with every BrowserWindow a page in the
 * test's headless Chromium that runs the built preload (dist/preload/index.cjs) and renderer.
 *
 *   test process (this file)                          child process (launch.mjs → dist/main/index.js)
 *   Chromium page ── binding ──► invoke ──── IPC ────► ipcMain.handle handlers (sender checks run)
 *   page listeners ◄── evaluate ◄── send ◄── IPC ───── webContents.send
 *   page requests to app:// ── route ── IPC ─────────► protocol.handle handler → Response
 *
 * A custom scheme cannot be loaded in Chromium, so `app://host/path` is shown to the page as
 * `https://host.app.electron-standin.invalid/path` (a secure context; never resolved, every request
 * is answered by route) and mapped back before anything reaches the main process: the app only ever
 * sees `app://…` URLs, in protocol requests and in `event.senderFrame.url`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Frame, type Page, type Request, type Route } from 'playwright-core';
import { CHROMIUM } from '../browser';
import { projectRoot, tempDir } from '../service-process';
import type { ChildMessage, FrameInfo, HarnessMessage, ProtocolResponse, SchemeInfo, StandinCommand, StandinSnapshot, WindowOptionsInfo } from './protocol';

const BINDING = '__tillStandinIpc';
const DELIVER = '__tillStandinDeliver';
const HOST_SUFFIX = 'electron-standin.invalid';

export interface StandinBuild {
  dir: string;
  launch: string;
  /** A main entry that checks the stand-in's module resolution (fixtures/resolution-main.ts). */
  resolutionFixture: string;
  /** The page side (page-shim.ts) as one IIFE defining `__tillStandinPage`. */
  pageShim: string;
}

/** Compiles the stand-in (TypeScript) into `dir`: electron.cjs, hooks.mjs, launch.mjs, and the page shim. */
export async function buildStandin(dir = tempDir('electron-standin-')): Promise<StandinBuild> {
  const src = import.meta.dirname;
  const node = { platform: 'node' as const, target: 'node20', logLevel: 'warning' as const, absWorkingDir: projectRoot };
  const [, , , , shim] = await Promise.all([
    esbuild({ ...node, entryPoints: [path.join(src, 'electron.ts')], outfile: path.join(dir, 'electron.cjs'), bundle: true, format: 'cjs' }),
    esbuild({ ...node, entryPoints: [path.join(src, 'hooks.ts')], outfile: path.join(dir, 'hooks.mjs'), format: 'esm' }),
    esbuild({ ...node, entryPoints: [path.join(src, 'launch.ts')], outfile: path.join(dir, 'launch.mjs'), format: 'esm' }),
    esbuild({ ...node, entryPoints: [path.join(src, 'fixtures', 'resolution-main.ts')], outfile: path.join(dir, 'fixtures', 'resolution-main.mjs'), format: 'esm', packages: 'external' }),
    esbuild({ entryPoints: [path.join(src, 'page-shim.ts')], bundle: true, write: false, format: 'iife', globalName: '__tillStandinPage', platform: 'browser', target: 'chrome120', logLevel: 'warning' }),
  ]);
  return { dir, launch: path.join(dir, 'launch.mjs'), resolutionFixture: path.join(dir, 'fixtures', 'resolution-main.mjs'), pageShim: shim.outputFiles[0]!.text };
}

/**
 * Headless Chromium as helpers/browser.ts launches it, plus file access between file: URLs: Electron
 * lets a file:// page load its own scripts and styles, Chromium only with this switch.
 */
export function launchStandinBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--allow-file-access-from-files'],
  });
}

export interface StandinWindow {
  id: number;
  page: Page;
  options: WindowOptionsInfo;
}

export interface IpcRecord {
  channel: string;
  frameUrl: string;
  topFrame: boolean;
  ok: boolean;
}

export interface ElectronRun {
  child: ChildProcess;
  /** The app's windows, by BrowserWindow id. */
  windows: Map<number, StandinWindow>;
  firstWindow(timeoutMs?: number): Promise<StandinWindow>;
  /** Every ipcRenderer.invoke that reached the main process (the channel, who sent it, whether it resolved). */
  ipc: IpcRecord[];
  /** Every network request a window made, as the page saw it (file: URLs are not visible to route, see README). */
  requests: string[];
  /** Navigations the page started itself (not loadURL), and whether the app's will-navigate guard prevented them. */
  navigations: { url: string; prevented: boolean }[];
  /** Calls the main process's event senders made that had no live page to reach. */
  droppedSends: { channel: string; reason: string }[];
  ready: Promise<void>;
  inspect(): Promise<StandinSnapshot>;
  command(command: StandinCommand): Promise<unknown>;
  /** Resolves when the child has ended: its exit code or signal, and how long after `since` (default: now). */
  waitForExit(timeoutMs: number, since?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  stdout(): string;
  stderr(): string;
  /** Ends everything this run started (the child if still alive, its Chromium context). */
  close(): Promise<void>;
}

export interface StartOptions {
  build: StandinBuild;
  browser: Browser;
  userData: string;
  /** The app's command line after the entry, e.g. ['--demo']. */
  args?: string[];
  main?: string;
  env?: NodeJS.ProcessEnv;
  /** HOME (and XDG_CONFIG_HOME under it) for the child, so auto-start files never reach the real home. */
  home?: string;
}

/** `app://till-companion/index.html` ↔ `https://till-companion.app.electron-standin.invalid/index.html`. */
function schemeMapper(schemes: () => SchemeInfo[]) {
  const toPage = (url: string): string => {
    const colon = url.indexOf(':');
    const scheme = url.slice(0, colon);
    const info = schemes().find((s) => s.scheme === scheme);
    if (!info) return url;
    if (!info.privileges.standard) throw new Error(`electron stand-in: '${scheme}:' is not a standard scheme, so it has no host to map`);
    const parsed = new URL(`http${url.slice(colon)}`);
    return `${info.privileges.secure ? 'https' : 'http'}://${parsed.host}.${scheme}.${HOST_SUFFIX}${parsed.pathname}${parsed.search}${parsed.hash}`;
  };
  const toApp = (url: string): string => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return url;
    }
    if (!parsed.hostname.endsWith(`.${HOST_SUFFIX}`)) return url;
    const [host, scheme] = parsed.hostname.slice(0, -HOST_SUFFIX.length - 1).split(/\.(?=[^.]+$)/);
    return `${scheme}://${host}${parsed.pathname}${parsed.search}${parsed.hash}`;
  };
  return { toPage, toApp, isMapped: (url: string) => toApp(url) !== url };
}

/** Evaluated in the page: hands a webContents.send to the preload's ipcRenderer listeners. */
function deliverInPage([deliver, channel, args]: readonly [string, string, unknown[]]): number {
  const fn = (globalThis as unknown as Record<string, ((c: string, a: unknown[]) => number) | undefined>)[deliver];
  return fn ? fn(channel, args) : -1;
}

function frameInfo(frame: Frame, toApp: (url: string) => string): FrameInfo {
  const parent = frame.parentFrame();
  return { url: toApp(frame.url()), name: frame.name(), parent: parent ? frameInfo(parent, toApp) : null };
}

export async function startElectronApp(options: StartOptions): Promise<ElectronRun> {
  const { build, browser } = options;
  const main = options.main ?? path.join(projectRoot, 'dist', 'main', 'index.js');
  const home = options.home ?? tempDir('standin-home-');
  fs.mkdirSync(options.userData, { recursive: true });

  let schemes: SchemeInfo[] = [];
  const map = schemeMapper(() => schemes);
  const windows = new Map<number, StandinWindow>();
  const queues = new Map<number, Promise<unknown>>();
  const pageWindow = new Map<Page, number>();
  const expectedNavigation = new Map<number, string>();
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const ipc: IpcRecord[] = [];
  const requests: string[] = [];
  const navigations: { url: string; prevented: boolean }[] = [];
  const droppedSends: { channel: string; reason: string }[] = [];
  let context: BrowserContext | null = null;
  let contextReady: Promise<BrowserContext> | null = null;
  let nextReqId = 1;
  let stdout = '';
  let stderr = '';
  let windowWaiters: ((w: StandinWindow) => void)[] = [];

  const child = fork(build.launch, options.args ?? [], {
    cwd: projectRoot,
    env: {
      ...process.env,
      ...options.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      TILL_STANDIN_USER_DATA: options.userData,
      TILL_STANDIN_MAIN: main,
      TILL_STANDIN_PROJECT_ROOT: projectRoot,
    },
    execArgv: ['--enable-source-maps'],
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );

  const send = (message: HarnessMessage): void => {
    if (child.connected) child.send(message);
  };
  const ask = (message: HarnessMessage & { reqId: number }): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (!child.connected) return reject(new Error(`the app has exited\n${stderr}`));
      waiting.set(message.reqId, { resolve, reject });
      child.send(message);
    });
  const enqueue = (windowId: number, step: () => Promise<unknown>): Promise<unknown> => {
    const next = (queues.get(windowId) ?? Promise.resolve()).then(step, step);
    queues.set(
      windowId,
      next.catch(() => undefined),
    );
    return next;
  };

  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));

  const getContext = (): Promise<BrowserContext> =>
    (contextReady ??= (async () => {
      // One context: Electron's session.defaultSession.
      const ctx = await browser.newContext();
      await ctx.exposeBinding(BINDING, async (source, message: { kind: 'invoke' | 'send'; channel: string; args: unknown[] }) => {
        const windowId = pageWindow.get(source.page);
        const frame = frameInfo(source.frame, map.toApp);
        const record: IpcRecord = { channel: message.channel, frameUrl: frame.url, topFrame: frame.parent === null, ok: false };
        if (windowId === undefined) return { ok: false, message: 'electron stand-in: this page is not an app window' };
        if (message.kind === 'send') {
          send({ type: 'ipc-send', windowId, channel: message.channel, args: message.args, frame });
          return { ok: true, value: undefined };
        }
        ipc.push(record);
        try {
          const value = await ask({ type: 'invoke', reqId: nextReqId++, windowId, channel: message.channel, args: message.args, frame });
          record.ok = true;
          return { ok: true, value };
        } catch (error) {
          return { ok: false, message: (error as Error).message };
        }
      });
      await ctx.route('**/*', (route, request) => onRoute(route, request));
      context = ctx;
      return ctx;
    })());

  const willNavigate = async (request: Request): Promise<boolean> => {
    const frame = request.frame();
    if (!request.isNavigationRequest() || frame.parentFrame()) return false;
    const windowId = pageWindow.get(frame.page());
    if (windowId === undefined) return false;
    const target = map.toApp(request.url());
    if (expectedNavigation.get(windowId) === target) return false;
    const answer = (await ask({ type: 'will-navigate', reqId: nextReqId++, windowId, url: target })) as { prevented: boolean };
    navigations.push({ url: target, prevented: answer.prevented });
    return answer.prevented;
  };

  const onRoute = async (route: Route, request: Request): Promise<void> => {
    requests.push(request.url());
    try {
      if (await willNavigate(request)) return await route.abort('aborted');
      if (!map.isMapped(request.url())) return await route.continue();
      const headers = request.headers();
      const body = request.postDataBuffer();
      const response = (await ask({
        type: 'protocol-request',
        reqId: nextReqId++,
        request: { url: map.toApp(request.url()), method: request.method(), headers, body: body ? new Uint8Array(body) : null },
      })) as ProtocolResponse;
      await route.fulfill({ status: response.status, headers: response.headers, body: Buffer.from(response.body) });
    } catch (error) {
      stderr += `[harness] ${request.url()}: ${(error as Error).message}\n`;
      await route.abort('failed').catch(() => undefined);
    }
  };

  const initScript = (preloadFile: string | undefined): string => {
    const preload = preloadFile ? fs.readFileSync(preloadFile, 'utf8') : '';
    return [
      '(() => {',
      // Electron runs the preload in the main frame only (nodeIntegrationInSubFrames: false).
      '  if (window.top !== window) return;',
      build.pageShim,
      `  const electron = __tillStandinPage.createRendererElectron(${JSON.stringify(BINDING)}, ${JSON.stringify(DELIVER)});`,
      "  const require = (id) => { if (id === 'electron') return electron; throw new Error(`module not found: ${id}`); };",
      '  const module = { exports: {} };',
      '  (function (require, module, exports) {',
      preload,
      '  })(require, module, module.exports);',
      '})();',
    ].join('\n');
  };

  const createWindow = async (windowId: number, windowOptions: WindowOptionsInfo): Promise<void> => {
    const ctx = await getContext();
    const page = await ctx.newPage();
    await page.setViewportSize({ width: windowOptions.width ?? 800, height: windowOptions.height ?? 600 });
    const preload = windowOptions.webPreferences?.preload;
    if (typeof preload === 'string') await page.addInitScript({ content: initScript(preload) });
    pageWindow.set(page, windowId);
    const win: StandinWindow = { id: windowId, page, options: windowOptions };
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) send({ type: 'window-event', windowId, event: 'url-changed', url: map.toApp(frame.url()) });
    });
    page.on('close', () => {
      if (windows.get(windowId)?.page === page) {
        windows.delete(windowId);
        send({ type: 'window-event', windowId, event: 'closed-by-harness' });
      }
    });
    windows.set(windowId, win);
    for (const waiter of windowWaiters.splice(0)) waiter(win);
  };

  const onChildMessage = (message: ChildMessage): void => {
    switch (message.type) {
      case 'ready':
        resolveReady();
        return;
      case 'schemes':
        schemes = message.privileged;
        return;
      case 'reply': {
        const w = waiting.get(message.reqId);
        waiting.delete(message.reqId);
        if (message.ok) w?.resolve(message.value);
        else w?.reject(new Error(message.message));
        return;
      }
      case 'window-create':
        void enqueue(message.windowId, () => createWindow(message.windowId, message.options));
        return;
      case 'window-load': {
        const { windowId, url, reqId } = message;
        void enqueue(windowId, async () => {
          const win = windows.get(windowId);
          try {
            if (!win) throw new Error(`no window ${windowId}`);
            expectedNavigation.set(windowId, url);
            await win.page.goto(map.toPage(url), { waitUntil: 'load' });
            send({ type: 'window-event', windowId, event: 'ready-to-show' });
            send({ type: 'reply', reqId, ok: true, value: undefined });
          } catch (error) {
            send({ type: 'reply', reqId, ok: false, message: (error as Error).message.split('\n')[0]! });
          }
        });
        return;
      }
      case 'window-op': {
        const { windowId, op } = message;
        void enqueue(windowId, async () => {
          const win = windows.get(windowId);
          if (!win) return;
          if (op === 'show' || op === 'focus') await win.page.bringToFront();
          if (op === 'destroy') {
            windows.delete(windowId);
            await win.page.close();
          }
        });
        return;
      }
      case 'send': {
        const { windowId, channel, args } = message;
        void enqueue(windowId, async () => {
          const win = windows.get(windowId);
          if (!win) return void droppedSends.push({ channel, reason: 'no window' });
          try {
            const delivered = await win.page.evaluate(deliverInPage, [DELIVER, channel, args] as const);
            if (delivered === -1) droppedSends.push({ channel, reason: 'no preload in the page yet' });
          } catch (error) {
            droppedSends.push({ channel, reason: (error as Error).message.split('\n')[0]! });
          }
        });
        return;
      }
    }
  };
  child.on('message', onChildMessage as (message: unknown) => void);
  void exit.then(async () => {
    for (const w of waiting.values()) w.reject(new Error(`the app exited\n${stderr}`));
    waiting.clear();
    // The windows go with the main process.
    for (const win of windows.values()) await win.page.close().catch(() => undefined);
    windows.clear();
  });

  const readyOrExit = Promise.race([ready, exit.then(() => Promise.reject(new Error(`the app exited before it was ready\n${stderr}`)))]);
  readyOrExit.catch(() => undefined);
  return {
    child,
    windows,
    ipc,
    requests,
    navigations,
    droppedSends,
    ready: readyOrExit,
    firstWindow: (timeoutMs = 30_000) =>
      new Promise<StandinWindow>((resolve, reject) => {
        const first = [...windows.values()][0];
        if (first) return resolve(first);
        const timer = setTimeout(() => reject(new Error(`no window within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
        windowWaiters.push((w) => {
          clearTimeout(timer);
          resolve(w);
        });
        void exit.then(() => reject(new Error(`the app exited without a window\n${stderr}`)));
      }),
    inspect: async () => (await ask({ type: 'inspect', reqId: nextReqId++ })) as StandinSnapshot,
    command: (command) => ask({ type: 'command', reqId: nextReqId++, command }),
    waitForExit: async (timeoutMs, since = Date.now()) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the app did not exit within ${timeoutMs} ms\n${stderr}`)), timeoutMs)));
      try {
        const { code, signal, at } = await Promise.race([exit, timeout]);
        return { code, signal, ms: at - since };
      } finally {
        clearTimeout(timer);
      }
    },
    stdout: () => stdout,
    stderr: () => stderr,
    close: async () => {
      windowWaiters = [];
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exit;
      }
      await context?.close().catch(() => undefined);
    },
  };
}
