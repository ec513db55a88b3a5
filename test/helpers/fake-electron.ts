import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A stand-in for the 'electron' module (the binary cannot run here). It records what the shell asks
 * of Electron so tests can assert on the security settings, IPC wiring and lifecycle.
 */

/** An event a listener may cancel, as Electron's `close` and `before-quit` are. */
export interface PreventableEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}
export function preventable(): PreventableEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

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
  destroyed = false;
  loadURL(url: string): Promise<void> {
    this.loaded = url;
    return Promise.resolve();
  }
  /** The user clicks the close button: listeners may cancel; otherwise the window is gone. */
  close(): PreventableEvent {
    const event = preventable();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroyed = true;
    return event;
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
    return this.destroyed;
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
  isPackaged: false,
  getPath: (name: string) => (name === 'userData' ? app.userData : `/tmp/fake-${name}`),
  getVersion: () => '0.0.0-test',
  requestSingleInstanceLock: vi.fn(() => app.lockGranted),
  /** Like Electron: `before-quit` first; a listener that prevents it cancels the quit. */
  quit: vi.fn(() => {
    const event = preventable();
    app.emit('before-quit', event);
    if (!event.defaultPrevented) app.emit('quit', event, 0);
  }),
  /** Like Electron: no `before-quit`, but `quit` with the exit code (electron-updater installs on it). */
  exit: vi.fn((code = 0) => void app.emit('quit', preventable(), code)),
  whenReady: vi.fn(() => Promise.resolve()),
  setLoginItemSettings: vi.fn(),
});

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]) {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
    if (this.handlers.has(scheme)) throw new Error(`The scheme '${scheme}' is already handled`);
    this.handlers.set(scheme, handler);
  },
};

export const powerMonitor = new EventEmitter();

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
  /** Some Linux desktops have no tray: the constructor throws there. */
  static unavailable = false;
  image: unknown;
  tooltip = '';
  menu: unknown;
  destroyed = false;
  constructor(image: unknown) {
    super();
    if (Tray.unavailable) throw new Error('no system tray');
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
  destroy() {
    this.destroyed = true;
  }
}

export const nativeImage = { createFromPath: (p: string) => ({ path: p }) };
export const Menu = { buildFromTemplate: (template: unknown[]) => ({ template }) };
export const shell = { openPath: vi.fn() };
export const BrowserWindow = FakeBrowserWindow;

export default { app, ipcMain, ipcRenderer, contextBridge, session, safeStorage, Tray, nativeImage, Menu, shell, BrowserWindow, protocol, powerMonitor };
