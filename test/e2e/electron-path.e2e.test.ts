import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser';
import { buildStandin, launchStandinBrowser, startElectronApp, type ElectronRun, type StandinBuild } from '../helpers/electron-standin/harness';
import { createPtyPair, type PtyPair } from '../helpers/pty';
import { projectRoot, tempDir } from '../helpers/service-process';

type SimState = { redemptions: { id: string; benefit_id: string; status: string; till_id: string }[] };
type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

const APP_URL = 'app://till-companion/index.html';

/** Through the page's own window.companion, i.e. the built preload and IPC. */
const invoke = <T,>(page: Page, method: string, input: unknown = {}) =>
  page.evaluate(
    ([m, i]) => (globalThis as unknown as { companion: { invoke(m: string, i: unknown): Promise<Result<T>> } }).companion.invoke(m, i),
    [method, input] as const,
  );

/** The database was closed cleanly: the WAL checkpointed and removed, and the file intact. */
function expectClosedDatabase(dbFile: string): void {
  expect(fs.existsSync(dbFile)).toBe(true);
  expect(fs.existsSync(`${dbFile}-wal`) ? fs.statSync(`${dbFile}-wal`).size : 0).toBe(0);
  const db = new Database(dbFile, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
}

const log = (userData: string): string => fs.readFileSync(path.join(userData, 'logs', 'till-companion.log'), 'utf8');

/**
 * The desktop app's own path, end to end: the BUILT main bundle in a Node child with a stand-in
 * `electron` (test/helpers/electron-standin), its window a Chromium page on app://till-companion/
 * running the BUILT preload and renderer, every call over ipcRenderer.invoke → ipcMain.handle with
 * the real sender check. Three starts: the demo with a serial scanner (quit from the tray), the same
 * data again (SIGTERM), and a first run on an empty profile on a desktop without a tray.
 */
describe('the Electron path: built main + preload + renderer over IPC, without the Electron binary', () => {
  let build: StandinBuild;
  let browser: Browser;
  let pty: PtyPair;
  let userData: string;
  let run: ElectronRun;
  let page: Page;
  const runs: ElectronRun[] = [];
  const start = async (options: Omit<Parameters<typeof startElectronApp>[0], 'build' | 'browser'>): Promise<ElectronRun> => {
    const started = await startElectronApp({ build, browser, ...options });
    runs.push(started);
    await started.ready;
    return started;
  };

  beforeAll(async () => {
    [build, browser, pty] = await Promise.all([buildStandin(), launchStandinBrowser(), createPtyPair()]);
    userData = tempDir('standin-userdata-');
    // electron-store's file (main/electron/settings-store.ts: settings.json, plain JSON) of the demo's
    // data set (<userData>/demo, main/app/profiles.ts): the serial scanner on the pty, no ingest port
    // (so no demo sales stream), a till id to find.
    fs.mkdirSync(path.join(userData, 'demo'));
    fs.writeFileSync(
      path.join(userData, 'demo', 'settings.json'),
      JSON.stringify({ scanner: { kind: 'serial', serial: { path: pty.appPath, baudRate: 115200 } }, exports: { ingestPort: 0 }, general: { tillId: 'TILL-E' } }),
    );
    run = await start({ userData, args: ['--demo'] });
    page = (await run.firstWindow()).page;
  });

  afterAll(async () => {
    for (const r of runs) await r.close();
    await browser?.close();
    await pty?.close();
  });

  it('opens one hardened window on app://, with window.companion from the built preload', async () => {
    await page.getByRole('heading', { name: 'Till Companion' }).waitFor();
    const snap = await run.inspect();
    expect(snap.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(snap.handledSchemes).toEqual(['app']);
    expect(snap.windows).toHaveLength(1);
    const [win] = snap.windows;
    expect(win).toMatchObject({ visible: true, destroyed: false, url: APP_URL });
    expect(win!.options.webPreferences).toMatchObject({
      preload: path.join(projectRoot, 'dist', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(await page.evaluate('Object.keys(window.companion).sort().join()')).toBe('invoke,on');
    // app.getVersion() is the app's package.json version, as under `electron .`; mode 'electron' = the IPC transport.
    await expect(invoke(page, 'app.info')).resolves.toMatchObject({ ok: true, value: { name: 'Till Companion', version: '0.1.0', mode: 'electron', demo: true, tillId: 'TILL-E' } });
    // Every file the page loaded came from the app's protocol handler, with its security headers.
    expect(run.requests.length).toBeGreaterThan(2);
    expect(run.requests.every((u) => u.startsWith('https://till-companion.app.electron-standin.invalid/'))).toBe(true);
    const csp = await page.evaluate(async () => (await fetch('/index.html')).headers.get('content-security-policy'));
    expect(csp).toContain("default-src 'none'");
    expect(snap.webContentsHandlers[0]).toMatchObject({ windowOpenHandler: true, willAttachWebview: 1 });
    expect(snap.session).toMatchObject({ permissionRequestHandler: true, permissionCheckHandler: true, devicePermissionHandler: true });
    await expect(run.command({ name: 'permission-request', permission: 'notifications', windowId: win!.id })).resolves.toBe(false);
    expect(snap.trays[0]!.menu.map((i) => i.label)).toContain('Quit');
    // A development run (app.isPackaged false) never registers itself to start at login.
    expect(snap.loginItemSettings).toEqual([]);
  });

  it('a scan on the serial pty shows the customer and benefits, through IPC only', async () => {
    await page.keyboard.press('F2');
    await page.getByTestId('scanner-state').filter({ hasText: 'Connected' }).waitFor();
    await page.keyboard.press('F1');
    await pty.write(']Q1CU-7H3K9P2A\r');
    await page.getByTestId('customer-name').filter({ hasText: /^Aino Virtanen$/ }).waitFor();
    await page.getByRole('button', { name: /-20 % dog food/ }).waitFor();
    await screenshot(page, 'electron-path-checkout');
    // The page never used the HTTP bridge: no /api/ request; every contract call came over IPC from the top frame.
    expect(run.requests.filter((u) => u.includes('/api/'))).toEqual([]);
    expect(run.ipc.length).toBeGreaterThan(5);
    expect(run.ipc.every((r) => r.topFrame && r.ok && r.frameUrl.startsWith(APP_URL))).toBe(true);
    expect(new Set(run.ipc.map((r) => r.channel))).toContain('companion:checkout.get');
    expect(run.droppedSends.filter((d) => d.reason !== 'no preload in the page yet')).toEqual([]);
  });

  it('applies a benefit with key 1: exactly one redemption reaches the simulator', async () => {
    const status = await invoke<{ benefits: { target: string } }>(page, 'status.get');
    if (!status.ok) throw new Error(status.error.message);
    await page.keyboard.press('1');
    await page.getByTestId('benefit-B-1001').getByText('Applied ✓').waitFor();
    await new Promise((r) => setTimeout(r, 300));
    const state = (await (await fetch(`${status.value.benefits.target}/__sim/state`)).json()) as SimState;
    expect(state.redemptions).toHaveLength(1);
    expect(state.redemptions[0]).toMatchObject({ benefit_id: 'B-1001', status: 'committed', till_id: 'TILL-E' });
  });

  it('refuses a call from a subframe and from another page URL; accepts our page whatever its query or fragment', async () => {
    await page.evaluate(`document.body.appendChild(Object.assign(document.createElement('iframe'), { name: 'intruder' })) && undefined`);
    const frame = page.frames().find((f) => f.name() === 'intruder')!;
    // No preload in a subframe; code there that reaches the IPC channel anyway is refused by the sender check.
    expect(await frame.evaluate('typeof window.companion')).toBe('undefined');
    const fromFrame = (await frame.evaluate(`window.__tillStandinIpc({ kind: 'invoke', channel: 'companion:status.get', args: [{}] })`)) as { ok: boolean; value: Result<unknown> };
    expect(fromFrame).toMatchObject({ ok: true, value: { ok: false, error: { code: 'forbidden' } } });
    await page.evaluate(`document.querySelector('iframe[name=intruder]').remove()`);

    await page.evaluate(`history.pushState(null, '', '/elsewhere.html')`);
    await expect(invoke(page, 'status.get')).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await page.evaluate(`history.pushState(null, '', '/index.html?view=status#checkout')`);
    await expect(invoke(page, 'status.get')).resolves.toMatchObject({ ok: true });
    expect(run.ipc.filter((r) => !r.ok || !r.topFrame).map((r) => [r.channel, r.frameUrl, r.topFrame])).toEqual([
      ['companion:status.get', 'about:blank', false],
    ]);
  });

  it('a navigation away from the app is refused by its will-navigate guard', async () => {
    const before = page.url();
    await page.evaluate(`location.href = 'https://elsewhere.example/'`);
    await new Promise((r) => setTimeout(r, 300));
    expect(page.url()).toBe(before);
    await page.getByRole('heading', { name: 'Till Companion' }).waitFor();
    expect(run.navigations).toEqual([{ url: 'https://elsewhere.example/', prevented: true }]);
  });

  it("the stand-in is one 'electron' module for import (ESM) and require (CommonJS, electron-updater)", async () => {
    const dir = tempDir('standin-resolution-');
    const probe = await startElectronApp({ build, browser, userData: dir, main: build.resolutionFixture });
    runs.push(probe);
    expect(await probe.waitForExit(15_000)).toMatchObject({ code: 0 });
    const found = JSON.parse(fs.readFileSync(path.join(dir, 'resolution.json'), 'utf8')) as Record<string, unknown>;
    expect(found).toMatchObject({ sameModule: true, updaterSeesStandinApp: true, processType: 'browser', argv1: build.resolutionFixture });
    expect(found.updaterVersion).toBe(found.appVersion);
    // The real main loaded electron-store (an ES module importing 'electron') against the same stand-in.
    expect((await run.inspect()).ipcListeners).toContain('electron-store-get-data');
  });

  it('closing the window keeps the app in the tray; the tray brings it back', async () => {
    const id = (await run.inspect()).windows[0]!.id;
    await expect(run.command({ name: 'window-close', windowId: id })).resolves.toBe(false);
    expect((await run.inspect()).windows[0]).toMatchObject({ id, visible: false, destroyed: false });
    await run.command({ name: 'tray-click' });
    expect((await run.inspect()).windows[0]).toMatchObject({ id, visible: true });
    await expect(invoke(page, 'status.get')).resolves.toMatchObject({ ok: true });
  });

  it('quits from the tray menu: exit code 0 within 10 s, the database closed', async () => {
    const asked = Date.now();
    await run.command({ name: 'tray-menu-click', label: 'Quit' });
    const exit = await run.waitForExit(15_000, asked);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expectClosedDatabase(path.join(userData, 'demo', 'till-companion.db'));
    expect(log(userData)).toContain('quit requested: shutting down');
    expect(fs.existsSync(path.join(userData, 'SingletonLock.standin'))).toBe(false);
  });

  it('starts again on the same data: the redemption is still there, none is sent twice; SIGTERM shuts it down cleanly', async () => {
    const again = await start({ userData, args: ['--demo'] });
    const p = (await again.firstWindow()).page;
    await p.getByText("Today's redemptions (1)").waitFor();
    const status = await invoke<{ benefits: { target: string } }>(p, 'status.get');
    if (!status.ok) throw new Error(status.error.message);
    // A new simulator for this run: the committed redemption is not redeemed again.
    await new Promise((r) => setTimeout(r, 300));
    expect(((await (await fetch(`${status.value.benefits.target}/__sim/state`)).json()) as SimState).redemptions).toEqual([]);

    const asked = Date.now();
    again.child.kill('SIGTERM');
    const exit = await again.waitForExit(15_000, asked);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expectClosedDatabase(path.join(userData, 'demo', 'till-companion.db'));
    expect(log(userData)).toContain('SIGTERM received: shutting down');
  });

  it('a first run without --demo starts on an empty profile; without a tray, closing the window quits', async () => {
    const fresh = tempDir('standin-first-run-');
    const home = tempDir('standin-home-');
    const first = await start({ userData: fresh, home, env: { TILL_STANDIN_NO_TRAY: '1' } });
    const win = await first.firstWindow();
    await win.page.getByRole('heading', { name: 'Till Companion' }).waitFor();
    await expect(invoke(win.page, 'setup.state')).resolves.toEqual({ ok: true, value: { profile: 'none', realConfigured: false } });
    await expect(invoke(win.page, 'app.info')).resolves.toMatchObject({ ok: true, value: { demo: false } });
    const snap = await first.inspect();
    expect(snap.trays).toEqual([]);
    expect(fs.existsSync(path.join(home, '.config', 'autostart'))).toBe(false);

    const asked = Date.now();
    await expect(first.command({ name: 'window-close', windowId: win.id })).resolves.toBe(true);
    const exit = await first.waitForExit(15_000, asked);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expectClosedDatabase(path.join(fresh, 'till-companion.db'));
  });
});
