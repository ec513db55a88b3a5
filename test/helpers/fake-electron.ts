import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A stand-in for the 'electron' module (the binary cannot run here). It records what the shell asks
 * of Electron so tests can assert on the security settings, IPC wiring and lifecycle.
 */
export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: { channel: string; payload: unknown }[] = [];
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  loaded: string | null = null;
  alwaysOnTop: boolean;
  visible = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    this.alwaysOnTop = Boolean(options.alwaysOnTop);
    FakeBrowserWindow.instances.push(this);
  }
  loadFile(file: string): Promise<void> {
    this.loaded = file;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return false;
  }
  setAlwaysOnTop(value: boolean): void {
    this.alwaysOnTop = value;
  }
}

export const ipcMain = Object.assign(new EventEmitter(), {
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  handle(channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
});

export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: vi.fn(async (channel: string, input: unknown) => ({ channel, input })),
});

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown) {
    this.exposed.set(key, api);
  },
};

export const app = Object.assign(new EventEmitter(), {
  userData: '',
  lockGranted: true,
  getPath: (name: string) => (name === 'userData' ? app.userData : `/tmp/fake-${name}`),
  getVersion: () => '0.0.0-test',
  requestSingleInstanceLock: vi.fn(() => app.lockGranted),
  quit: vi.fn(),
  exit: vi.fn(),
  whenReady: vi.fn(() => Promise.resolve()),
});

export const session = {
  defaultSession: {
    permissionRequestHandler: null as null | ((wc: unknown, permission: string, cb: (allow: boolean) => void) => void),
    permissionCheckHandler: null as null | (() => boolean),
    headersHandler: null as null | ((details: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void),
    setPermissionRequestHandler(fn: typeof this.permissionRequestHandler) {
      this.permissionRequestHandler = fn;
    },
    setPermissionCheckHandler(fn: typeof this.permissionCheckHandler) {
      this.permissionCheckHandler = fn;
    },
    setDevicePermissionHandler: vi.fn(),
    webRequest: {
      onHeadersReceived(fn: (details: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void) {
        session.defaultSession.headersHandler = fn;
      },
    },
  },
};

/** Reversible "encryption" so tests can check ciphertext differs from the plaintext. */
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  isEncryptionAvailable: () => safeStorage.available,
  getSelectedStorageBackend: () => safeStorage.backend,
  encryptString: (s: string) => Buffer.from(`enc:${Buffer.from(s).reverse().toString('hex')}`),
  decryptString: (b: Buffer) => Buffer.from(b.toString().slice(4), 'hex').reverse().toString(),
};

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  image: unknown;
  tooltip = '';
  menu: unknown;
  constructor(image: unknown) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: unknown) {
    this.image = image;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: unknown) {
    this.menu = menu;
  }
  destroy() {}
}

export const nativeImage = { createFromPath: (p: string) => ({ path: p }) };
export const Menu = { buildFromTemplate: (template: unknown[]) => ({ template }) };
export const shell = { openPath: vi.fn() };
export const BrowserWindow = FakeBrowserWindow;

export default { app, ipcMain, ipcRenderer, contextBridge, session, safeStorage, Tray, nativeImage, Menu, shell, BrowserWindow };
