import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => await import('../helpers/fake-electron'));
// electron-updater needs a real Electron: the test's fake autoUpdater stands in.
const mocked = vi.hoisted(() => ({ updater: null as unknown }));
vi.mock('electron-updater', () => {
  return { autoUpdater: mocked.updater, default: { autoUpdater: mocked.updater } };
});
// The real start-up, watched: the test reads what the shell handed it.
vi.mock('../../main/app/start-app', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../main/app/start-app')>();
  return { ...real, startApp: vi.fn(real.startApp) };
});

import * as fake from '../helpers/fake-electron';
import { startApp, type RunningApp } from '../../main/app/start-app';
import { startShell, type ShellHost } from '../../main/electron/bootstrap';
import { SERVICE_CSP } from '../../main/http/static-files';
import { demoCustomers } from '../../main/simulator/seed';
import { scanCard } from '../helpers/checkout';
import { tempDir } from '../helpers/service-process';
import { FakeUpdater } from '../helpers/fake-updater';

const APP_URL = 'app://till-companion/index.html';

// One autoUpdater per process, as electron-updater has: the mocked module hands out this one.
const updater = new FakeUpdater();
mocked.updater = updater;

interface Started {
  shell: Awaited<ReturnType<typeof startShell>>;
  dataDir: string;
  signals: EventEmitter;
  win: fake.FakeBrowserWindow;
  /** The database's write-ahead log: present while the app runs, gone once it closed cleanly. */
  walExists(): boolean;
}

const running: Started[] = [];

/** Starts the shell on a fresh data dir (the store's data set, first run), without the ingest port (no fixed port in tests). */
async function start(settings: Record<string, unknown> = {}, machine: Partial<ShellHost> = {}): Promise<Started> {
  const dataDir = tempDir('shell-');
  fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ exports: { ingestPort: 0 }, ...settings }));
  // The demo keeps its own settings in <data dir>/demo.
  fs.mkdirSync(path.join(dataDir, 'demo'));
  fs.writeFileSync(path.join(dataDir, 'demo', 'settings.json'), JSON.stringify({ exports: { ingestPort: 0 } }));
  fake.app.userData = dataDir;
  const rendererDir = tempDir('renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Till Companion</title>');
  const signals = new EventEmitter();
  const shell = await startShell({ preload: '/dist/preload/index.cjs', rendererDir, assets: '/assets' }, { platform: 'linux', env: {}, homeDir: tempDir('home-'), argv: [], signals, ...machine });
  const started = { shell, dataDir, signals, win: fake.FakeBrowserWindow.instances.at(-1)!, walExists: () => fs.existsSync(path.join(dataDir, 'till-companion.db-wal')) };
  running.push(started);
  return started;
}

/** The core is closed: the database file is checkpointed and its log removed, and app.exit(0) came last. */
function expectCleanExit(s: Started): void {
  expect(fake.app.exit.mock.calls).toEqual([[0]]);
  expect(s.walExists()).toBe(false);
}

beforeEach(() => {
  fake.ipcMain.handlers.clear();
  fake.protocol.handlers.clear();
  fake.FakeBrowserWindow.instances.length = 0;
  fake.Tray.instances.length = 0;
  fake.Tray.unavailable = false;
  fake.app.removeAllListeners();
  fake.powerMonitor.removeAllListeners();
  fake.app.isPackaged = false;
  fake.app.exit.mockClear();
  fake.app.quit.mockClear();
  fake.app.setLoginItemSettings.mockClear();
  updater.reset();
});

afterEach(async () => {
  // Whatever a test left running is shut down the normal way (joins a shutdown already under way).
  for (const s of running.splice(0)) await s.shell.quit();
});

describe('the desktop shell', () => {
  it('serves the page from app:// to the window, and IPC answers only that page', async () => {
    const s = await start();
    expect(s.win.loaded).toBe(APP_URL);
    const page = await fake.protocol.handlers.get('app')!(new Request(APP_URL));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(SERVICE_CSP);
    expect((await fake.protocol.handlers.get('app')!(new Request('app://till-companion/../../etc/passwd'))).status).toBe(404);

    const info = fake.ipcMain.handlers.get('companion:app.info')!;
    await expect(info({ senderFrame: { url: `${APP_URL}#status`, parent: null } }, {})).resolves.toMatchObject({ ok: true });
    await expect(info({ senderFrame: { url: 'file:///opt/till/dist/renderer/index.html', parent: null } }, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const contents = new fake.FakeWebContents();
    fake.app.emit('web-contents-created', {}, contents);
    const inside = fake.preventable();
    contents.emit('will-navigate', inside, `${APP_URL}#settings`);
    expect(inside.defaultPrevented).toBe(false);
    const fileUrl = fake.preventable();
    contents.emit('will-navigate', fileUrl, 'file:///etc/passwd');
    expect(fileUrl.defaultPrevented).toBe(true);
  });

  it('hands the start-up the machine-wide policy file', async () => {
    await start({}, { platform: 'win32', env: { ProgramData: 'D:\\PD' } });
    expect(vi.mocked(startApp).mock.calls.at(-1)![0].policyFile).toBe('D:\\PD\\Till Companion\\policy.json');
  });

  it('registers auto-start in an installed build and follows the setting', async () => {
    fake.app.isPackaged = true;
    const homeDir = tempDir('home-');
    const s = await start({}, { platform: 'linux', homeDir, execPath: '/opt/Till Companion/till-companion' });
    const entry = path.join(homeDir, '.config', 'autostart', 'till-companion.desktop');
    expect(fs.readFileSync(entry, 'utf8')).toContain('Exec="/opt/Till Companion/till-companion"');
    s.shell.companion.context.settings.update({ general: { autoStart: false } });
    expect(fs.existsSync(entry)).toBe(false);
  });

  it('refuses a change of auto-start the OS does not take, and keeps the old value', async () => {
    fake.app.isPackaged = true;
    const homeDir = tempDir('home-');
    // Where the entry goes there is a folder: it can be neither read nor removed.
    fs.mkdirSync(path.join(homeDir, '.config', 'autostart', 'till-companion.desktop'), { recursive: true });
    const s = await start({}, { platform: 'linux', homeDir });
    await expect(s.shell.companion.api['settings.update']({ patch: { general: { autoStart: false } } })).rejects.toMatchObject({
      message: expect.stringContaining('Starting at login could not be turned off'),
    });
    expect(s.shell.companion.context.settings.get().general.autoStart).toBe(true);
  });

  it('follows a switch of data set: the window, auto-start and updates hear the new settings', async () => {
    fake.app.isPackaged = true;
    const homeDir = tempDir('home-');
    const s = await start({}, { homeDir });
    const entry = path.join(homeDir, '.config', 'autostart', 'till-companion.desktop');
    expect(fs.existsSync(entry)).toBe(true);
    const runningApp = (await vi.mocked(startApp).mock.results.at(-1)!.value) as RunningApp;
    await runningApp.switchTo('demo');
    expect(s.shell.demo).not.toBeNull();
    s.shell.companion.context.settings.update({ general: { alwaysOnTop: true, autoStart: false }, updates: { feedUrl: 'https://updates.example.com/' } });
    expect(s.win.alwaysOnTop).toBe(true);
    expect(fs.existsSync(entry)).toBe(false);
    await vi.waitFor(() => expect(updater.setFeedURL).toHaveBeenCalled());
  });

  it('leaves auto-start alone in a development run', async () => {
    const s = await start({}, { platform: 'win32' });
    s.shell.companion.context.settings.update({ general: { autoStart: false } });
    expect(fake.app.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('updates from the feed in Settings and counts the till busy while a customer is shown', async () => {
    // The demo's own settings (its data set is kept apart in <data dir>/demo), for its sample customers.
    const s = await start({}, { argv: ['--demo'] });
    expect(s.shell.demo).not.toBeNull();
    s.shell.companion.context.settings.update({ updates: { feedUrl: 'https://updates.example.com/till/', channel: 'pilot' } });
    await vi.waitFor(() => expect(updater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'https://updates.example.com/till/', channel: 'pilot' }));
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(updater.autoInstallOnAppQuit).toBe(true);

    const { tillIsIdle } = await import('../../main/electron/updates');
    const idle = () => tillIsIdle(s.shell.companion.checkout.checkout.get(), s.shell.companion.checkout.redemptions.today());
    expect(idle()).toBe(true);
    await scanCard(s.shell.companion, demoCustomers[0]!.external_id);
    expect(idle()).toBe(false);
    await s.shell.companion.api['checkout.new']({});
    expect(idle()).toBe(true);
  });
});

describe('ending the desktop app', () => {
  it('closing the window hides it to the tray; the tray’s Quit closes the core and exits', async () => {
    const s = await start();
    expect(s.walExists()).toBe(true);
    expect(s.win.close().defaultPrevented).toBe(true);
    expect(s.win.visible).toBe(false);
    expect(fake.app.exit).not.toHaveBeenCalled();

    const menu = fake.Tray.instances[0]!.menu as { template: { label?: string; click?: () => void }[] };
    menu.template.find((item) => item.label === 'Quit')!.click!();
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
    // The tray's Quit alone ends the app: nothing else is asked to quit.
    await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalled(), { timeout: 15_000 });
    expectCleanExit(s);
    expect(fake.Tray.instances[0]!.destroyed).toBe(true);
  });

  it('without a tray, closing the window quits', async () => {
    fake.Tray.unavailable = true;
    const s = await start();
    expect(fake.Tray.instances).toHaveLength(0);
    expect(s.win.close().defaultPrevented).toBe(false);
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalled(), { timeout: 15_000 });
    expectCleanExit(s);
  });

  const triggers: [string, (s: Started) => void][] = [
    ['app.quit() (before-quit)', () => fake.app.quit()],
    ['SIGTERM', (s) => s.signals.emit('SIGTERM')],
    ['SIGINT', (s) => s.signals.emit('SIGINT')],
    ['Windows ending the session', (s) => s.win.emit('session-end', { reasons: ['logoff'] })],
    ['Linux/macOS shutting down', () => fake.powerMonitor.emit('shutdown', fake.preventable())],
  ];
  for (const [name, trigger] of triggers) {
    it(`${name}: the core closes cleanly, then app.exit(0)`, async () => {
      const s = await start();
      expect(s.walExists()).toBe(true);
      trigger(s);
      // The trigger alone must end the app: a path the shell does not wire up never calls exit.
      await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalled(), { timeout: 15_000 });
      expectCleanExit(s);
    });
  }

  it('a quit that arrives while the app is starting ends it as soon as it has started', async () => {
    const dataDir = tempDir('shell-');
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ exports: { ingestPort: 0 } }));
    fake.app.userData = dataDir;
    const signals = new EventEmitter();
    const starting = startShell({ preload: '/p.cjs', rendererDir: tempDir(), assets: '/assets' }, { platform: 'linux', env: {}, homeDir: tempDir(), argv: [], signals });
    signals.emit('SIGTERM');
    const shell = await starting;
    await shell.quit();
    expect(fake.app.exit.mock.calls).toEqual([[0]]);
    expect(fake.FakeBrowserWindow.instances).toHaveLength(0);
    expect(fs.existsSync(path.join(dataDir, 'till-companion.db-wal'))).toBe(false);
  });
});
