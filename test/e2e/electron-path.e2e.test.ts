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

const dist = (...parts: string[]) => path.join(projectRoot, 'dist', ...parts);

/**
 * The desktop app's own path, end to end: the BUILT main bundle in a Node child with a stand-in
 * `electron` (test/helpers/electron-standin), its window a Chromium page running the BUILT preload and
 * renderer, every call over ipcRenderer.invoke → ipcMain.handle with the real sender check.
 */
describe('the Electron path: built main + preload + renderer over IPC, without the Electron binary', () => {
  let build: StandinBuild;
  let browser: Browser;
  let pty: PtyPair;
  let userData: string;
  let run: ElectronRun;
  let page: Page;
  let sim: string;
  const invoke = <T,>(p: Page, method: string, input: unknown = {}) =>
    p.evaluate(
      ([m, i]) => (globalThis as unknown as { companion: { invoke(m: string, i: unknown): Promise<Result<T>> } }).companion.invoke(m, i),
      [method, input] as const,
    );

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
    run = await startElectronApp({ build, browser, userData, args: ['--demo'] });
    await run.ready;
    page = (await run.firstWindow()).page;
  });

  afterAll(async () => {
    await run?.close();
    await browser?.close();
    await pty?.close();
  });

  it('opens one hardened window on the built renderer, with window.companion from the built preload', async () => {
    await page.getByRole('heading', { name: 'Till Companion' }).waitFor();
    const snap = await run.inspect();
    expect(snap.windows).toHaveLength(1);
    const [win] = snap.windows;
    expect(win).toMatchObject({ visible: true, destroyed: false });
    expect(win!.options.webPreferences).toMatchObject({ preload: dist('preload', 'index.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(win!.url.split('#')[0]).toBe(new URL(`file://${dist('renderer', 'index.html')}`).href);
    expect(await page.evaluate('Object.keys(window.companion).sort().join()')).toBe('invoke,on');
    // app.getVersion() is the app's package.json version, as in `electron .`; mode 'electron' = the IPC transport.
    await expect(invoke(page, 'app.info')).resolves.toMatchObject({ ok: true, value: { name: 'Till Companion', version: '0.1.0', mode: 'electron', demo: true, tillId: 'TILL-E' } });
    expect(snap.webContentsHandlers[0]).toMatchObject({ windowOpenHandler: true, willAttachWebview: 1 });
    expect(snap.session).toMatchObject({ permissionRequestHandler: true, permissionCheckHandler: true, devicePermissionHandler: true });
    await expect(run.command({ name: 'permission-request', permission: 'notifications', windowId: win!.id })).resolves.toBe(false);
    expect(snap.trays[0]!.menu.map((i) => i.label)).toContain('Quit');
  });

  it('a scan on the serial pty shows the customer and benefits, through IPC only', async () => {
    await page.keyboard.press('F2');
    await page.getByTestId('scanner-state').filter({ hasText: 'Connected' }).waitFor();
    await page.keyboard.press('F1');
    await pty.write(']Q1CU-7H3K9P2A\r');
    await page.getByTestId('customer-name').filter({ hasText: /^Aino Virtanen$/ }).waitFor();
    await page.getByRole('button', { name: /-20 % dog food/ }).waitFor();
    await screenshot(page, 'electron-path-checkout');
    // The page never used the HTTP bridge: no /api/ request, and every contract call came over IPC.
    expect(run.requests.filter((u) => u.includes('/api/'))).toEqual([]);
    expect(run.ipc.length).toBeGreaterThan(5);
    expect(run.ipc.every((r) => r.topFrame && r.ok)).toBe(true);
    expect(new Set(run.ipc.map((r) => r.channel))).toContain('companion:checkout.get');
  });

  it('applies a benefit with key 1: exactly one redemption reaches the simulator', async () => {
    const status = await invoke<{ benefits: { target: string } }>(page, 'status.get');
    if (!status.ok) throw new Error(status.error.message);
    sim = status.value.benefits.target;
    await page.keyboard.press('1');
    await page.getByTestId('benefit-B-1001').getByText('Applied ✓').waitFor();
    await new Promise((r) => setTimeout(r, 300));
    const state = (await (await fetch(`${sim}/__sim/state`)).json()) as SimState;
    expect(state.redemptions).toHaveLength(1);
    expect(state.redemptions[0]).toMatchObject({ benefit_id: 'B-1001', status: 'committed', till_id: 'TILL-E' });
  });

  it('refuses a call from a subframe and from another page URL; accepts our page whatever its fragment', async () => {
    await page.evaluate(`document.body.appendChild(Object.assign(document.createElement('iframe'), { name: 'intruder' })) && undefined`);
    const frame = page.frames().find((f) => f.name() === 'intruder')!;
    expect(await frame.evaluate('typeof window.companion')).toBe('undefined');
    const fromFrame = (await frame.evaluate(`window.__tillStandinIpc({ kind: 'invoke', channel: 'companion:status.get', args: [{}] })`)) as { ok: boolean; value: Result<unknown> };
    expect(fromFrame).toMatchObject({ ok: true, value: { ok: false, error: { code: 'forbidden' } } });
    await page.evaluate(`document.querySelector('iframe[name=intruder]').remove()`);

    await page.evaluate(`history.pushState(null, '', 'index.html?view=status#checkout')`);
    await expect(invoke(page, 'status.get')).resolves.toMatchObject({ ok: true });
    expect(run.ipc.filter((r) => !r.topFrame).map((r) => r.channel)).toEqual(['companion:status.get']);
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
    try {
      expect(await probe.waitForExit(15_000)).toMatchObject({ code: 0 });
      const found = JSON.parse(fs.readFileSync(path.join(dir, 'resolution.json'), 'utf8')) as Record<string, unknown>;
      expect(found).toMatchObject({ sameModule: true, updaterSeesStandinApp: true, processType: 'browser', argv1: build.resolutionFixture });
      expect(found.updaterVersion).toBe(found.appVersion);
    } finally {
      await probe.close();
    }
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

  it('quits from the tray menu: exit code 0, the database closed', async () => {
    const asked = Date.now();
    await run.command({ name: 'tray-menu-click', label: 'Quit' }).catch(() => undefined);
    const exit = await run.waitForExit(15_000, asked);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(10_000);
    const dbFile = path.join(userData, 'demo', 'till-companion.db');
    // A clean close checkpoints the WAL and removes it.
    expect(fs.existsSync(`${dbFile}-wal`) ? fs.statSync(`${dbFile}-wal`).size : 0).toBe(0);
    const db = new Database(dbFile, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    expect(fs.existsSync(path.join(userData, 'SingletonLock.standin'))).toBe(false);
  });
});
