import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => await import('../helpers/fake-electron'));

import * as fake from '../helpers/fake-electron';
import Store from 'electron-store';
import { methodChannel, methodNames } from '../../preload/contract';
import { startShell } from '../../main/electron/bootstrap';
import { forwardEvents, isTrustedFrame, registerContractIpc } from '../../main/electron/ipc';
import { createSafeStorageSecrets } from '../../main/electron/secrets';
import { hardenSession, hardenWebContents, RENDERER_CSP } from '../../main/electron/security';
import { createElectronSettingsBackend } from '../../main/electron/settings-store';
import { trayLevel } from '../../main/electron/tray';
import { windowOptions } from '../../main/electron/window';
import { SERVICE_CSP } from '../../main/http/static-files';
import { makeCompanion } from '../helpers/companion';
import { projectRoot, tempDir } from '../helpers/service-process';

const APP_URL = 'app://till-companion/index.html';
const frame = (url: string, parent: unknown = null) => ({ url, parent }) as never;

beforeEach(() => {
  fake.ipcMain.handlers.clear();
  fake.protocol.handlers.clear();
  fake.powerMonitor.removeAllListeners();
  fake.FakeBrowserWindow.instances.length = 0;
  fake.Tray.instances.length = 0;
  fake.app.removeAllListeners();
  fake.safeStorage.available = true;
  fake.safeStorage.backend = 'gnome_libsecret';
});

describe('window and web contents hardening', () => {
  it('opens a compact window with isolation, sandbox and no Node in the page', () => {
    const options = windowOptions({ preload: '/p.cjs' }, true);
    expect(options).toMatchObject({ width: 420, height: 720, alwaysOnTop: true });
    expect(options.webPreferences).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(windowOptions({ preload: '' }, false).alwaysOnTop).toBe(false);
  });

  it('denies window.open, foreign navigation, redirects and webviews', () => {
    const contents = new fake.FakeWebContents();
    hardenWebContents(contents as never, (url) => url === APP_URL);
    expect(contents.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const event = () => ({ defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } });
    const away = event();
    contents.emit('will-navigate', away, 'https://evil.example/');
    expect(away.defaultPrevented).toBe(true);
    const reload = event();
    contents.emit('will-navigate', reload, APP_URL);
    expect(reload.defaultPrevented).toBe(false);
    const redirect = event();
    contents.emit('will-redirect', redirect, 'http://127.0.0.1:9/');
    expect(redirect.defaultPrevented).toBe(true);
    const webview = event();
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('denies every permission request and check, and sends the CSP header', () => {
    hardenSession(fake.session.defaultSession as never);
    for (const permission of ['media', 'geolocation', 'notifications', 'hid', 'serial', 'clipboard-read']) {
      let granted: boolean | null = null;
      fake.session.defaultSession.permissionRequestHandler!({}, permission, (allow) => (granted = allow));
      expect(granted, permission).toBe(false);
    }
    expect(fake.session.defaultSession.permissionCheckHandler!()).toBe(false);
    let result: { responseHeaders: Record<string, string[]> } | null = null;
    fake.session.defaultSession.headersHandler!({ responseHeaders: { 'X-A': ['1'] } }, (r) => (result = r as never));
    expect(result!.responseHeaders['Content-Security-Policy']).toEqual([RENDERER_CSP]);
  });

  it('uses one strict CSP everywhere: the page meta tag, the Electron header and service mode', () => {
    const html = fs.readFileSync(path.join(projectRoot, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)![1];
    expect(meta).toBe(RENDERER_CSP);
    expect(RENDERER_CSP).not.toMatch(/unsafe-(inline|eval)/);
    expect(SERVICE_CSP).toContain("frame-ancestors 'none'");
    expect(SERVICE_CSP).not.toMatch(/unsafe-(inline|eval)/);
  });
});

describe('IPC transport of the contract', () => {
  it('accepts calls only from our own top-level page', () => {
    expect(isTrustedFrame(frame(APP_URL), APP_URL)).toBe(true);
    expect(isTrustedFrame(frame(`${APP_URL}#status`), APP_URL)).toBe(true);
    expect(isTrustedFrame(frame('https://evil.example/'), APP_URL)).toBe(false);
    expect(isTrustedFrame(frame(APP_URL, {}), APP_URL)).toBe(false);
    expect(isTrustedFrame(null, APP_URL)).toBe(false);
  });

  it('registers one handler per contract method, checks the sender and validates payloads', async () => {
    const companion = await makeCompanion();
    registerContractIpc(fake.ipcMain as never, companion.dispatch, APP_URL);
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(methodNames.map(methodChannel).sort());

    const info = fake.ipcMain.handlers.get('companion:app.info')!;
    await expect(info({ senderFrame: frame(APP_URL) }, {})).resolves.toMatchObject({ ok: true, value: { version: '9.9.9' } });
    await expect(info({ senderFrame: frame('https://evil.example/') }, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expect(info({ senderFrame: frame(APP_URL) }, { extra: 1 })).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const update = fake.ipcMain.handlers.get('companion:settings.update')!;
    const bad = (await update({ senderFrame: frame(APP_URL) }, { patch: { general: { language: 'de' } } })) as { ok: boolean; error: { message: string } };
    expect(bad.ok).toBe(false);
    expect(bad.error.message).toContain('general.language');
    await companion.close();
  });

  it('forwards contract events to the window', async () => {
    const companion = await makeCompanion();
    const contents = new fake.FakeWebContents();
    forwardEvents(companion.events, companion.logger, () => contents as never);
    companion.events.emit('settings', await companion.api['settings.get']({}));
    expect(contents.sent.map((s) => s.channel)).toEqual(['companion:event:settings']);
    contents.destroyed = true;
    companion.events.emit('settings', await companion.api['settings.get']({}));
    expect(contents.sent).toHaveLength(1);
    await companion.close();
  });
});

describe('preload', () => {
  it('exposes only invoke/on for the contract channels as window.companion', async () => {
    fake.contextBridge.exposed.clear();
    await import('../../preload/index');
    const bridge = fake.contextBridge.exposed.get('companion') as {
      invoke(m: string, i: unknown): Promise<unknown>;
      on(e: string, l: (p: unknown) => void): () => void;
    };
    expect([...fake.contextBridge.exposed.keys()]).toEqual(['companion']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);

    await expect(bridge.invoke('fs.readFile', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(fake.ipcRenderer.invoke).not.toHaveBeenCalled();
    await bridge.invoke('status.get', {});
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith('companion:status.get', {});

    expect(() => bridge.on('anything', () => undefined)).toThrow(/Unknown event/);
    const received: unknown[] = [];
    const off = bridge.on('status', (p) => received.push(p));
    fake.ipcRenderer.emit('companion:event:status', { sender: 'secret' }, { hello: 1 });
    off();
    fake.ipcRenderer.emit('companion:event:status', {}, { hello: 2 });
    expect(received).toEqual([{ hello: 1 }]);
  });
});

describe('secrets through safeStorage', () => {
  it('stores only ciphertext and reads the secret back', () => {
    const dir = tempDir();
    fake.app.userData = dir;
    const store = new Store({ name: 'secrets', cwd: dir });
    const secrets = createSafeStorageSecrets(fake.safeStorage as never, store, 'linux');
    secrets.set('custobarToken', 'tok_SUPER_secret_123');
    expect(secrets.get('custobarToken')).toBe('tok_SUPER_secret_123');
    expect(fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8')).not.toContain('SUPER_secret');
    secrets.set('custobarToken', '');
    expect(secrets.has('custobarToken')).toBe(false);
  });

  it('refuses to store secrets when Linux has no keyring (basic_text)', () => {
    fake.safeStorage.backend = 'basic_text';
    const store = new Store({ name: 'secrets', cwd: tempDir() });
    const secrets = createSafeStorageSecrets(fake.safeStorage as never, store, 'linux');
    expect(secrets.readOnlyReason).toMatch(/keyring/);
    expect(() => secrets.set('benefitsToken', 'x')).toThrow(/keyring/);
  });
});

describe('settings in electron-store', () => {
  it('round-trips settings and keeps a corrupt file aside instead of crashing', async () => {
    const dir = tempDir();
    const backend = createElectronSettingsBackend(Store, dir);
    expect(backend.read()).toBeUndefined();
    backend.write({ general: { language: 'sv' } });
    expect(backend.read()).toEqual({ general: { language: 'sv' } });

    fs.writeFileSync(path.join(dir, 'settings.json'), '{"general": {"lang');
    const fresh = createElectronSettingsBackend(Store, dir);
    expect(() => fresh.read()).toThrow(/not valid JSON/);
    expect(fresh.quarantine()).toBe(path.join(dir, 'settings.json.corrupt'));
    expect(fs.existsSync(path.join(dir, 'settings.json'))).toBe(false);
  });
});

describe('the shell', () => {
  afterEach(() => vi.resetModules());

  it('starts on the store’s data set at first run (the setup screen shows), with guards, IPC, window and tray', async () => {
    fake.app.userData = tempDir();
    const shell = await startShell({ preload: '/dist/preload/index.cjs', rendererDir: '/dist/renderer', assets: '/assets' }, { signals: new EventEmitter() });
    try {
      expect(shell.demo).toBeNull();
      expect(await shell.companion.api['setup.state']({})).toMatchObject({ profile: 'none' });
      expect(fake.app.listenerCount('web-contents-created')).toBe(1);
      expect(fake.ipcMain.handlers.size).toBe(methodNames.length);
      const win = fake.FakeBrowserWindow.instances[0]!;
      expect(win.loaded).toBe('app://till-companion/index.html');
      expect((win.options.webPreferences as { preload: string }).preload).toBe('/dist/preload/index.cjs');
      expect(fake.Tray.instances).toHaveLength(1);

      // Closing the window hides it: background sync keeps running in the tray.
      const close = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
      win.emit('close', close);
      expect(close.defaultPrevented).toBe(true);
      expect(win.visible).toBe(false);

      // "Always on top" from settings reaches the window.
      shell.companion.context.settings.update({ general: { alwaysOnTop: true } });
      expect(win.alwaysOnTop).toBe(true);
    } finally {
      await shell.quit();
    }
    expect(fake.app.exit).toHaveBeenCalledWith(0);
  });

  it('quits at once when another instance holds the single-instance lock', async () => {
    fake.app.lockGranted = false;
    fake.app.quit.mockClear();
    fake.app.whenReady.mockClear();
    fake.protocol.privileged.length = 0;
    await import('../../main/index');
    // Privileged schemes must be registered before the app is ready, whichever copy this is.
    expect(fake.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(fake.app.quit).toHaveBeenCalled();
    expect(fake.app.whenReady).not.toHaveBeenCalled();
    fake.app.lockGranted = true;
  });

  it('shows the worst state in the tray', () => {
    const base = {
      app: { name: 'x', version: '1', mode: 'electron', demo: false, platform: 'p', startedAt: '', tillId: 't', shopId: 's' },
      custobar: { target: 'u', state: 'online', checkedAt: null, message: null },
      benefits: { target: 'u', state: 'online', checkedAt: null, message: null },
      warnings: [],
    } as const;
    expect(trayLevel(base as never)).toBe('ok');
    expect(trayLevel({ ...base, warnings: [{ code: 'a', message: 'b', at: '' }] } as never)).toBe('warn');
    expect(trayLevel({ ...base, benefits: { ...base.benefits, state: 'offline' } } as never)).toBe('error');
  });
});
