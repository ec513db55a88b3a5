/**
 * A stand-in for the `electron` module, for running the BUILT main bundle (dist/main/index.js) in
 * plain Node. Bundled by the harness to electron.cjs; `import … from 'electron'` and
 * `require('electron')` both resolve here (hooks.ts, launch.ts).
 *
 * The app and its handlers run for real in this process; the windows are Chromium pages owned by
 * the harness in the test process (harness.ts), reached over the Node IPC channel. Where Electron
 * has a rule the app depends on, the stand-in keeps it: protocol.registerSchemesAsPrivileged only
 * before ready, BrowserWindow and protocol.handle only after it, a second ipcMain.handle for one
 * channel throws, webContents.send structured-clones its arguments, app.quit() emits before-quit,
 * closes every window (a prevented close cancels the quit), then will-quit and quit, and ends the
 * process as Electron does, without waiting for promises still pending.
 *
 * Everything native (tray, menus, dialogs, login items, safeStorage's keychain) is a recorder the
 * test can inspect and click through (protocol.ts: inspect / command).
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ChildMessage, FrameInfo, HarnessMessage, ProtocolResponse, SchemeInfo, StandinCommand, StandinSnapshot, WindowOptionsInfo } from './protocol';

const STATE_KEY = Symbol.for('till-companion.electron-standin');

// ---------------------------------------------------------------------------------------------
// The channel to the harness

type Pending = { resolve(value: unknown): void; reject(error: Error): void };
const pending = new Map<number, Pending>();
let nextReqId = 1;

function post(message: ChildMessage): void {
  if (!process.send) throw new Error('the electron stand-in runs only as a child of the harness (no IPC channel)');
  if (process.connected) process.send(message);
}

function request(message: ChildMessage & { reqId: number }): Promise<unknown> {
  return new Promise((resolve, reject) => {
    pending.set(message.reqId, { resolve, reject });
    post(message);
  });
}

function reply(reqId: number, run: () => unknown): void {
  Promise.resolve()
    .then(run)
    .then(
      (value) => post({ type: 'reply', reqId, ok: true, value }),
      (error: unknown) => post({ type: 'reply', reqId, ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
}

/** An Electron event: `preventDefault()` and `defaultPrevented`. */
class StandinEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

// ---------------------------------------------------------------------------------------------
// app

function findPackageJson(from: string): { dir: string; json: Record<string, unknown> } | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return { dir, json: JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> };
    if (path.dirname(dir) === dir) return null;
  }
}

interface LoginItemSettings {
  openAtLogin?: boolean;
  openAsHidden?: boolean;
  path?: string;
  args?: string[];
  [key: string]: unknown;
}

class StandinApp extends EventEmitter {
  readonly isPackaged = false;
  readonly commandLine = {
    switches: new Map<string, string>(),
    appendSwitch: (name: string, value = ''): void => void this.commandLine.switches.set(name, value),
    appendArgument: (_value: string): void => {},
    hasSwitch: (name: string): boolean => this.commandLine.switches.has(name),
    getSwitchValue: (name: string): string => this.commandLine.switches.get(name) ?? '',
    removeSwitch: (name: string): void => void this.commandLine.switches.delete(name),
  };
  /** Every setLoginItemSettings call, in order. */
  readonly loginItemCalls: LoginItemSettings[] = [];
  #ready = false;
  #resolveReady!: () => void;
  readonly #readyPromise = new Promise<void>((resolve) => (this.#resolveReady = resolve));
  #quitting = false;
  #exiting = false;
  #lockFile: string | null = null;
  #paths = new Map<string, string>();
  #name: string;
  #version: string;
  #appPath: string;

  constructor() {
    super();
    const entry = process.env.TILL_STANDIN_MAIN ?? process.argv[1] ?? process.cwd();
    const pkg = findPackageJson(path.dirname(path.resolve(entry)));
    this.#appPath = pkg?.dir ?? process.cwd();
    this.#name = String(pkg?.json.productName ?? pkg?.json.name ?? 'Electron');
    this.#version = String(pkg?.json.version ?? '0.0.0');
    const userData = process.env.TILL_STANDIN_USER_DATA;
    if (!userData) throw new Error('TILL_STANDIN_USER_DATA is not set');
    this.#paths.set('userData', userData);
    this.#paths.set('sessionData', userData);
    this.#paths.set('appData', path.dirname(userData));
    this.#paths.set('logs', path.join(userData, 'logs'));
    this.#paths.set('crashDumps', path.join(userData, 'Crashpad'));
    this.#paths.set('home', os.homedir());
    this.#paths.set('temp', os.tmpdir());
    this.#paths.set('exe', process.execPath);
    this.#paths.set('module', process.execPath);
    for (const name of ['desktop', 'documents', 'downloads', 'music', 'pictures', 'videos']) this.#paths.set(name, path.join(os.homedir(), name));
  }

  isReady(): boolean {
    return this.#ready;
  }
  whenReady(): Promise<void> {
    return this.#readyPromise;
  }
  /** Called by the launcher once the main entry has been evaluated (Electron awaits an ESM entry's top level). */
  markReady(): void {
    if (this.#ready) return;
    this.emit('will-finish-launching');
    this.#ready = true;
    this.emit('ready', new StandinEvent(), {});
    this.#resolveReady();
    post({ type: 'ready', userData: this.getPath('userData') });
  }

  getPath(name: string): string {
    const value = this.#paths.get(name);
    if (value === undefined) throw new Error(`Failed to get '${name}' path`);
    return value;
  }
  setPath(name: string, value: string): void {
    this.#paths.set(name, value);
  }
  getAppPath(): string {
    return this.#appPath;
  }
  getName(): string {
    return this.#name;
  }
  setName(name: string): void {
    this.#name = name;
  }
  getVersion(): string {
    return this.#version;
  }
  getLocale(): string {
    return 'en-US';
  }
  getSystemLocale(): string {
    return 'en-US';
  }
  getPreferredSystemLanguages(): string[] {
    return ['en-US'];
  }
  setAppUserModelId(_id: string): void {}
  focus(): void {}

  /** Electron keeps a lock in the user-data folder; this one is a file holding the owner's pid. */
  requestSingleInstanceLock(_additionalData?: Record<string, unknown>): boolean {
    if (this.#lockFile) return true;
    const file = path.join(this.getPath('userData'), 'SingletonLock.standin');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
    } catch {
      const owner = Number(fs.readFileSync(file, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) return false;
      fs.writeFileSync(file, String(process.pid));
    }
    this.#lockFile = file;
    return true;
  }
  hasSingleInstanceLock(): boolean {
    return this.#lockFile !== null;
  }
  releaseSingleInstanceLock(): void {
    if (this.#lockFile) fs.rmSync(this.#lockFile, { force: true });
    this.#lockFile = null;
  }

  setLoginItemSettings(settings: LoginItemSettings): void {
    this.loginItemCalls.push({ ...settings });
  }
  getLoginItemSettings(_options?: unknown): LoginItemSettings & { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    const last = this.loginItemCalls.at(-1);
    return { ...last, openAtLogin: last?.openAtLogin ?? false, openAsHidden: last?.openAsHidden ?? false, wasOpenedAtLogin: false };
  }
  relaunch(_options?: unknown): void {}

  get quitting(): boolean {
    return this.#quitting;
  }

  /**
   * Electron's Browser::Quit: before-quit (preventable) → close every window (a prevented close
   * cancels the quit) → will-quit (preventable) → quit → the process ends.
   */
  quit(): void {
    if (this.#quitting || this.#exiting) return;
    const before = new StandinEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    this.#quitting = true;
    setImmediate(() => {
      for (const win of StandinBrowserWindow.getAllWindows()) {
        if (!win.closeAsked()) {
          this.#quitting = false;
          return;
        }
      }
      const will = new StandinEvent();
      this.emit('will-quit', will);
      if (will.defaultPrevented) {
        this.#quitting = false;
        return;
      }
      this.emit('quit', new StandinEvent(), 0);
      this.#end(0);
    });
  }

  /** Closes every window without asking and ends the process; no before-quit or will-quit. */
  exit(exitCode = 0): void {
    if (this.#exiting) return;
    this.#exiting = true;
    for (const win of StandinBrowserWindow.getAllWindows()) win.destroy();
    this.#end(exitCode);
  }

  #end(code: number): never {
    this.#exiting = true;
    this.releaseSingleInstanceLock();
    // Electron ends the process when its message loop stops: pending promises do not get to finish.
    process.exit(code);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const app = new StandinApp();

// ---------------------------------------------------------------------------------------------
// session, protocol, webRequest

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: Record<string, unknown>) => void;
type ProtocolHandler = (request: Request) => Response | Promise<Response>;

const privilegedSchemes: SchemeInfo[] = [];
const protocolHandlers = new Map<string, ProtocolHandler>();

function announceSchemes(): void {
  post({ type: 'schemes', privileged: privilegedSchemes, handled: [...protocolHandlers.keys()] });
}

export const protocol = {
  registerSchemesAsPrivileged(customSchemes: { scheme: string; privileges?: Record<string, boolean> }[]): void {
    if (app.isReady()) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    for (const { scheme, privileges = {} } of customSchemes) privilegedSchemes.push({ scheme, privileges: { ...privileges } });
    announceSchemes();
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!app.isReady()) throw new Error('protocol.handle can only be used after the app is ready');
    if (scheme === 'file') throw new Error('electron stand-in: protocol.handle("file") cannot be served (Chromium pages load file: URLs themselves)');
    if (protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    protocolHandlers.set(scheme, handler);
    announceSchemes();
  },
  unhandle(scheme: string): void {
    protocolHandlers.delete(scheme);
    announceSchemes();
  },
  isProtocolHandled(scheme: string): boolean {
    return protocolHandlers.has(scheme);
  },
};

function makeSession(partition: string) {
  const s = Object.assign(new EventEmitter(), {
    partition,
    protocol,
    permissionRequestHandler: null as PermissionRequestHandler | null,
    permissionCheckHandler: null as ((...args: unknown[]) => boolean) | null,
    devicePermissionHandler: null as ((...args: unknown[]) => boolean) | null,
    headersReceived: null as ((details: unknown, callback: (response: unknown) => void) => void) | null,
    setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: ((...args: unknown[]) => boolean) | null): void {
      this.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler(handler: ((...args: unknown[]) => boolean) | null): void {
      this.devicePermissionHandler = handler;
    },
    setDisplayMediaRequestHandler(_handler: unknown): void {},
    setSpellCheckerEnabled(_enabled: boolean): void {},
    setProxy: async (_config: unknown): Promise<void> => {},
    resolveProxy: async (_url: string): Promise<string> => 'DIRECT',
    clearCache: async (): Promise<void> => {},
    clearStorageData: async (_options?: unknown): Promise<void> => {},
    getUserAgent: (): string => 'Mozilla/5.0 (electron stand-in)',
    setUserAgent: (_ua: string): void => {},
  });
  const webRequest = {
    onHeadersReceived(...args: unknown[]): void {
      s.headersReceived = (args.at(-1) as typeof s.headersReceived) ?? null;
    },
    onBeforeRequest(..._args: unknown[]): void {},
    onBeforeSendHeaders(..._args: unknown[]): void {},
  };
  return Object.assign(s, { webRequest });
}

const partitions = new Map<string, ReturnType<typeof makeSession>>();
export const session = {
  defaultSession: makeSession(''),
  fromPartition(partition: string): ReturnType<typeof makeSession> {
    let found = partitions.get(partition);
    if (!found) partitions.set(partition, (found = makeSession(partition)));
    return found;
  },
};

// ---------------------------------------------------------------------------------------------
// webContents, BrowserWindow

/** What `event.senderFrame` is in an ipcMain handler. */
class StandinWebFrameMain {
  readonly url: string;
  readonly name: string;
  readonly parent: StandinWebFrameMain | null;
  constructor(info: FrameInfo) {
    this.url = info.url;
    this.name = info.name;
    this.parent = info.parent ? new StandinWebFrameMain(info.parent) : null;
  }
  get top(): StandinWebFrameMain {
    return this.parent ? this.parent.top : this;
  }
  get origin(): string {
    try {
      return new URL(this.url).origin;
    } catch {
      return 'null';
    }
  }
  isDestroyed(): boolean {
    return false;
  }
}

type WindowOpenHandler = (details: Electron.HandlerDetails) => Electron.WindowOpenHandlerResponse;

let nextWebContentsId = 1;

class StandinWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly session = session.defaultSession;
  windowOpenHandler: WindowOpenHandler | null = null;
  devToolsOpened = false;
  #url = '';
  #destroyed = false;
  #loading = false;
  constructor(readonly windowId: number) {
    super();
  }

  async loadURL(url: string, _options?: unknown): Promise<void> {
    if (this.#destroyed) throw new Error('Object has been destroyed');
    this.#loading = true;
    this.emit('did-start-loading');
    try {
      await request({ type: 'window-load', reqId: nextReqId++, windowId: this.windowId, url });
    } catch (error) {
      this.#loading = false;
      const message = (error as Error).message;
      this.emit('did-fail-load', new StandinEvent(), -2, message, url, true);
      throw new Error(`${message} loading '${url}'`);
    }
    this.#loading = false;
    this.#url = url;
    this.emit('dom-ready', new StandinEvent());
    this.emit('did-finish-load', new StandinEvent());
    this.emit('did-stop-loading');
  }
  loadFile(filePath: string, options: { query?: Record<string, string>; search?: string; hash?: string } = {}): Promise<void> {
    const url = pathToFileURL(path.resolve(filePath));
    if (options.query) for (const [k, v] of Object.entries(options.query)) url.searchParams.set(k, v);
    if (options.search) url.search = options.search;
    if (options.hash) url.hash = options.hash;
    return this.loadURL(url.href);
  }
  getURL(): string {
    return this.#url;
  }
  /** The harness reports in-page URL changes (fragment, history) so getURL stays current. */
  setURL(url: string): void {
    this.#url = url;
  }
  isLoading(): boolean {
    return this.#loading;
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  markDestroyed(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.emit('destroyed');
  }
  /** Structured clone, as Electron's IPC: a function or a class with private state throws here, not in the page. */
  send(channel: string, ...args: unknown[]): void {
    if (this.#destroyed) throw new Error('Object has been destroyed');
    post({ type: 'send', windowId: this.windowId, channel, args: structuredClone(args) });
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  openDevTools(): void {
    this.devToolsOpened = true;
  }
  closeDevTools(): void {
    this.devToolsOpened = false;
  }
  isDevToolsOpened(): boolean {
    return this.devToolsOpened;
  }
  focus(): void {}
  reload(): void {
    if (this.#url) void this.loadURL(this.#url);
  }
  setZoomFactor(_factor: number): void {}
  setAudioMuted(_muted: boolean): void {}
  getTitle(): string {
    return 'Till Companion';
  }
}

let nextWindowId = 1;
const windows = new Map<number, StandinBrowserWindow>();
let focusedWindowId: number | null = null;

interface BrowserWindowOptions extends WindowOptionsInfo {
  alwaysOnTop?: boolean;
  [key: string]: unknown;
}

class StandinBrowserWindow extends EventEmitter {
  static getAllWindows(): StandinBrowserWindow[] {
    return [...windows.values()];
  }
  static fromId(id: number): StandinBrowserWindow | null {
    return windows.get(id) ?? null;
  }
  static fromWebContents(contents: unknown): StandinBrowserWindow | null {
    return StandinBrowserWindow.getAllWindows().find((w) => w.webContents === contents) ?? null;
  }
  static getFocusedWindow(): StandinBrowserWindow | null {
    return focusedWindowId === null ? null : (windows.get(focusedWindowId) ?? null);
  }

  readonly id = nextWindowId++;
  readonly webContents: StandinWebContents;
  readonly options: BrowserWindowOptions;
  #visible = false;
  #destroyed = false;
  #minimized = false;
  #alwaysOnTop: boolean;
  #title: string;

  constructor(options: BrowserWindowOptions = {}) {
    super();
    if (!app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
    this.options = options;
    this.#alwaysOnTop = Boolean(options.alwaysOnTop);
    this.#title = options.title ?? app.getName();
    this.webContents = new StandinWebContents(this.id);
    windows.set(this.id, this);
    const { width, height, show, title, webPreferences } = options;
    post({ type: 'window-create', windowId: this.id, options: structuredClone({ width, height, show, title, webPreferences }) });
    app.emit('web-contents-created', new StandinEvent(), this.webContents);
    app.emit('browser-window-created', new StandinEvent(), this);
    if (options.show !== false) this.show();
  }

  loadURL(url: string, options?: unknown): Promise<void> {
    return this.webContents.loadURL(url, options);
  }
  loadFile(filePath: string, options?: { query?: Record<string, string>; search?: string; hash?: string }): Promise<void> {
    return this.webContents.loadFile(filePath, options);
  }
  show(): void {
    this.#assertAlive();
    const wasVisible = this.#visible;
    this.#visible = true;
    this.#minimized = false;
    focusedWindowId = this.id;
    post({ type: 'window-op', windowId: this.id, op: 'show' });
    if (!wasVisible) this.emit('show');
    this.emit('focus');
  }
  showInactive(): void {
    this.#visible = true;
    post({ type: 'window-op', windowId: this.id, op: 'show' });
  }
  hide(): void {
    this.#assertAlive();
    const wasVisible = this.#visible;
    this.#visible = false;
    if (focusedWindowId === this.id) focusedWindowId = null;
    post({ type: 'window-op', windowId: this.id, op: 'hide' });
    if (wasVisible) this.emit('hide');
  }
  focus(): void {
    this.#assertAlive();
    focusedWindowId = this.id;
    post({ type: 'window-op', windowId: this.id, op: 'focus' });
    this.emit('focus');
  }
  blur(): void {
    if (focusedWindowId === this.id) focusedWindowId = null;
    this.emit('blur');
  }
  isVisible(): boolean {
    return this.#visible;
  }
  isFocused(): boolean {
    return focusedWindowId === this.id;
  }
  isMinimized(): boolean {
    return this.#minimized;
  }
  minimize(): void {
    this.#minimized = true;
    this.emit('minimize');
  }
  restore(): void {
    this.#minimized = false;
    this.emit('restore');
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  setAlwaysOnTop(flag: boolean, _level?: string): void {
    this.#alwaysOnTop = flag;
    this.emit('always-on-top-changed', new StandinEvent(), flag);
  }
  isAlwaysOnTop(): boolean {
    return this.#alwaysOnTop;
  }
  setTitle(title: string): void {
    this.#title = title;
  }
  getTitle(): string {
    return this.#title;
  }
  setSkipTaskbar(_skip: boolean): void {}
  setMenuBarVisibility(_visible: boolean): void {}
  removeMenu(): void {}
  setMenu(_menu: unknown): void {}
  setIcon(_icon: unknown): void {}
  flashFrame(_flag: boolean): void {}
  setProgressBar(_progress: number): void {}
  center(): void {}
  getBounds(): { x: number; y: number; width: number; height: number } {
    return { x: 0, y: 0, width: this.options.width ?? 800, height: this.options.height ?? 600 };
  }
  setBounds(_bounds: unknown): void {}

  /** The close button, or win.close(): 'close' may be prevented; otherwise the window goes. Returns whether it closed. */
  closeAsked(): boolean {
    if (this.#destroyed) return true;
    const event = new StandinEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroy();
    return true;
  }
  close(): void {
    if (this.#destroyed) return;
    setImmediate(() => this.closeAsked());
  }
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#visible = false;
    windows.delete(this.id);
    if (focusedWindowId === this.id) focusedWindowId = null;
    post({ type: 'window-op', windowId: this.id, op: 'destroy' });
    this.webContents.markDestroyed();
    this.emit('closed');
    if (windows.size === 0 && !app.quitting) app.emit('window-all-closed', new StandinEvent());
  }
  #assertAlive(): void {
    if (this.#destroyed) throw new Error('Object has been destroyed');
  }
}

export const BrowserWindow = StandinBrowserWindow;
// ---------------------------------------------------------------------------------------------
// ipcMain

type InvokeHandler = (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown;

class StandinIpcMain extends EventEmitter {
  readonly handlers = new Map<string, InvokeHandler>();
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  handleOnce(channel: string, handler: InvokeHandler): void {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return handler(event, ...args);
    });
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export const ipcMain = new StandinIpcMain();

function ipcEvent(win: StandinBrowserWindow, frame: FrameInfo) {
  return {
    type: 'frame' as const,
    sender: win.webContents,
    senderFrame: new StandinWebFrameMain(frame),
    frameId: 1,
    processId: 1,
    ports: [] as unknown[],
  };
}

async function invoke(windowId: number, channel: string, args: unknown[], frame: FrameInfo): Promise<unknown> {
  const win = windows.get(windowId);
  if (!win) throw new Error(`no window ${windowId}`);
  const handler = ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
  try {
    return await handler(ipcEvent(win, frame) as unknown as Electron.IpcMainInvokeEvent, ...args);
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new Error(`Error invoking remote method '${channel}': ${text}`);
  }
}

// ---------------------------------------------------------------------------------------------
// safeStorage, Tray, Menu, nativeImage, dialog, shell, powerMonitor, net, and the rest

const SEAL = Buffer.from('standin-safeStorage:v1:');

/** Reversible, so a stored secret can be read back; never a real keychain. */
export const safeStorage = {
  isEncryptionAvailable: (): boolean => app.isReady(),
  getSelectedStorageBackend: () => (process.env.TILL_STANDIN_SAFE_STORAGE_BACKEND ?? 'gnome_libsecret') as ReturnType<Electron.SafeStorage['getSelectedStorageBackend']>,
  isAsyncEncryptionAvailable: async (): Promise<boolean> => app.isReady(),
  setUsePlainTextEncryption: (_use: boolean): void => {},
  encryptString(plainText: string): Buffer {
    if (!app.isReady()) throw new Error('safeStorage cannot be used before app is ready');
    return Buffer.concat([SEAL, Buffer.from(plainText, 'utf8').map((b) => b ^ 0x5a)]);
  },
  decryptString(encrypted: Buffer): string {
    if (!encrypted.subarray(0, SEAL.length).equals(SEAL)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(encrypted.subarray(SEAL.length).map((b) => b ^ 0x5a)).toString('utf8');
  },
};

class StandinNativeImage {
  constructor(readonly path: string | null) {}
  isEmpty(): boolean {
    return this.path === null || !fs.existsSync(this.path);
  }
  getSize(): { width: number; height: number } {
    return this.isEmpty() ? { width: 0, height: 0 } : { width: 16, height: 16 };
  }
  toPNG(): Buffer {
    return this.path && fs.existsSync(this.path) ? fs.readFileSync(this.path) : Buffer.alloc(0);
  }
  resize(_options: unknown): StandinNativeImage {
    return this;
  }
  setTemplateImage(_flag: boolean): void {}
}

export const nativeImage = {
  createFromPath: (p: string) => new StandinNativeImage(p),
  createEmpty: () => new StandinNativeImage(null),
  createFromBuffer: (_b: Buffer) => new StandinNativeImage(null),
  createFromDataURL: (_u: string) => new StandinNativeImage(null),
};

interface MenuItemOptions {
  label?: string;
  type?: string;
  checked?: boolean;
  enabled?: boolean;
  role?: string;
  click?: (item: unknown, win: unknown, event: unknown) => void;
  submenu?: MenuItemOptions[] | StandinMenu;
}

class StandinMenu {
  readonly items: (MenuItemOptions & { checked: boolean })[];
  constructor(template: MenuItemOptions[]) {
    this.items = template.map((item) => ({ ...item, checked: Boolean(item.checked) }));
  }
  popup(_options?: unknown): void {}
  closePopup(): void {}
}

let applicationMenu: StandinMenu | null = null;
export const Menu = Object.assign(StandinMenu, {
  buildFromTemplate: (template: MenuItemOptions[]) => new StandinMenu(template),
  setApplicationMenu: (menu: StandinMenu | null) => void (applicationMenu = menu),
  getApplicationMenu: () => applicationMenu,
});
const trays: StandinTray[] = [];

class StandinTray extends EventEmitter {
  image: Electron.NativeImage | StandinNativeImage | string;
  tooltip = '';
  title = '';
  menu: StandinMenu | null = null;
  #destroyed = false;
  constructor(image: Electron.NativeImage | StandinNativeImage | string, _guid?: string) {
    super();
    if (!app.isReady()) throw new Error('Cannot create Tray before app is ready');
    // A Linux desktop without a status-notifier host: the app must cope without a tray.
    if (process.env.TILL_STANDIN_NO_TRAY === '1') throw new Error('electron stand-in: no tray on this desktop (TILL_STANDIN_NO_TRAY)');
    this.image = image;
    trays.push(this);
  }
  setImage(image: Electron.NativeImage | StandinNativeImage | string): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setContextMenu(menu: Electron.Menu | StandinMenu | null): void {
    this.menu = menu instanceof StandinMenu ? menu : null;
  }
  popUpContextMenu(_menu?: unknown): void {}
  displayBalloon(_options: unknown): void {}
  destroy(): void {
    this.#destroyed = true;
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
}
export const Tray = StandinTray;

const dialogCalls: { kind: string; options: unknown }[] = [];
const lastArg = (args: unknown[]): unknown => args.at(-1);
export const dialog = {
  showMessageBox: async (...args: unknown[]) => {
    dialogCalls.push({ kind: 'showMessageBox', options: lastArg(args) });
    return { response: 0, checkboxChecked: false };
  },
  showMessageBoxSync: (...args: unknown[]): number => {
    dialogCalls.push({ kind: 'showMessageBoxSync', options: lastArg(args) });
    return 0;
  },
  showErrorBox: (title: string, content: string): void => void dialogCalls.push({ kind: 'showErrorBox', options: { title, content } }),
  showOpenDialog: async (...args: unknown[]) => {
    dialogCalls.push({ kind: 'showOpenDialog', options: lastArg(args) });
    return { canceled: true, filePaths: [] as string[] };
  },
  showSaveDialog: async (...args: unknown[]) => {
    dialogCalls.push({ kind: 'showSaveDialog', options: lastArg(args) });
    return { canceled: true, filePath: '' };
  },
};

const shellCalls: { kind: string; target: string }[] = [];
export const shell = {
  openPath: async (target: string): Promise<string> => {
    shellCalls.push({ kind: 'openPath', target });
    return '';
  },
  openExternal: async (target: string): Promise<void> => void shellCalls.push({ kind: 'openExternal', target }),
  showItemInFolder: (target: string): void => void shellCalls.push({ kind: 'showItemInFolder', target }),
  trashItem: async (target: string): Promise<void> => void shellCalls.push({ kind: 'trashItem', target }),
  beep: (): void => {},
};

export const powerMonitor = Object.assign(new EventEmitter(), {
  getSystemIdleTime: (): number => 0,
  getSystemIdleState: (_threshold: number): string => 'active',
  isOnBatteryPower: (): boolean => false,
  onBatteryPower: false,
});

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wav': 'audio/wav',
  '.woff2': 'font/woff2',
};

/** Electron's net.fetch: file: URLs and the app's own schemes as well as http(s). */
export const net = {
  isOnline: (): boolean => true,
  online: true,
  async fetch(input: string | URL | Request, init?: RequestInit & { bypassCustomProtocolHandlers?: boolean }): Promise<Response> {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const scheme = url.slice(0, url.indexOf(':'));
    if (scheme === 'file') {
      const file = fileURLToPath(url);
      if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) throw new TypeError('net::ERR_FILE_NOT_FOUND');
      return new Response(new Uint8Array(fs.readFileSync(file)), { status: 200, headers: { 'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream' } });
    }
    const handler = protocolHandlers.get(scheme);
    if (handler && !init?.bypassCustomProtocolHandlers) return handler(new Request(url, init));
    return fetch(input, init);
  },
};

// ---------------------------------------------------------------------------------------------
// The harness's requests

function snapshot(): StandinSnapshot {
  const s = session.defaultSession;
  const appListeners: Record<string, number> = {};
  for (const name of app.eventNames()) appListeners[String(name)] = app.listenerCount(name);
  return {
    ready: app.isReady(),
    userData: app.getPath('userData'),
    quitting: app.quitting,
    windows: StandinBrowserWindow.getAllWindows().map((w) => ({
      id: w.id,
      visible: w.isVisible(),
      destroyed: w.isDestroyed(),
      focused: w.isFocused(),
      alwaysOnTop: w.isAlwaysOnTop(),
      url: w.webContents.getURL(),
      options: { width: w.options.width, height: w.options.height, show: w.options.show, title: w.options.title, webPreferences: w.options.webPreferences },
    })),
    trays: trays.map((t) => ({
      destroyed: t.isDestroyed(),
      tooltip: t.tooltip,
      image: typeof t.image === 'string' ? t.image : t.image instanceof StandinNativeImage ? t.image.path : null,
      menu: (t.menu?.items ?? []).map((i) => ({ label: i.label ?? null, type: i.type ?? 'normal', checked: i.type === 'checkbox' ? i.checked : null })),
    })),
    loginItemSettings: app.loginItemCalls,
    privilegedSchemes,
    handledSchemes: [...protocolHandlers.keys()],
    ipcHandlers: [...ipcMain.handlers.keys()],
    ipcListeners: ipcMain.eventNames().map(String),
    session: {
      permissionRequestHandler: s.permissionRequestHandler !== null,
      permissionCheckHandler: s.permissionCheckHandler !== null,
      devicePermissionHandler: s.devicePermissionHandler !== null,
      headersReceivedHandler: s.headersReceived !== null,
    },
    webContentsHandlers: StandinBrowserWindow.getAllWindows().map((w) => ({
      windowOpenHandler: w.webContents.windowOpenHandler !== null,
      willNavigate: w.webContents.listenerCount('will-navigate'),
      willRedirect: w.webContents.listenerCount('will-redirect'),
      willAttachWebview: w.webContents.listenerCount('will-attach-webview'),
    })),
    appListeners,
    dialogs: dialogCalls,
    shell: shellCalls,
  };
}

function runCommand(command: StandinCommand): unknown {
  switch (command.name) {
    case 'tray-menu-click': {
      const tray = trays.find((t) => !t.isDestroyed());
      const item = tray?.menu?.items.find((i) => i.label === command.label);
      if (!item) throw new Error(`no tray menu item '${command.label}'`);
      if (item.enabled === false) throw new Error(`tray menu item '${command.label}' is disabled`);
      if (item.type === 'checkbox') item.checked = !item.checked;
      item.click?.(item, StandinBrowserWindow.getFocusedWindow(), { shiftKey: false, ctrlKey: false, altKey: false, metaKey: false });
      return true;
    }
    case 'tray-click': {
      const tray = trays.find((t) => !t.isDestroyed());
      if (!tray) throw new Error('no tray');
      tray.emit('click', new StandinEvent(), { x: 0, y: 0, width: 16, height: 16 });
      return true;
    }
    case 'window-close': {
      const win = windows.get(command.windowId);
      if (!win) throw new Error(`no window ${command.windowId}`);
      return win.closeAsked();
    }
    case 'app-quit':
      app.quit();
      return true;
    case 'permission-request': {
      const win = windows.get(command.windowId);
      const handler = session.defaultSession.permissionRequestHandler;
      // Electron's default with no handler: most permissions are granted.
      if (!handler) return true;
      return new Promise<boolean>((resolve) => handler(win?.webContents, command.permission, resolve, { requestingUrl: win?.webContents.getURL() ?? '' }));
    }
    case 'power': {
      const event = new StandinEvent();
      powerMonitor.emit(command.event, event);
      return { prevented: event.defaultPrevented };
    }
  }
}

async function willNavigate(windowId: number, url: string): Promise<{ prevented: boolean }> {
  const win = windows.get(windowId);
  if (!win) return { prevented: true };
  const event = Object.assign(new StandinEvent(), { url, isMainFrame: true, isSameDocument: false });
  win.webContents.emit('will-navigate', event, url);
  return { prevented: event.defaultPrevented };
}

async function serveProtocol(req: Extract<HarnessMessage, { type: 'protocol-request' }>['request']): Promise<ProtocolResponse> {
  const scheme = req.url.slice(0, req.url.indexOf(':'));
  const handler = protocolHandlers.get(scheme);
  if (!handler) throw new Error('net::ERR_UNKNOWN_URL_SCHEME');
  const hasBody = req.body !== null && req.method !== 'GET' && req.method !== 'HEAD';
  const response = await handler(new Request(req.url, { method: req.method, headers: req.headers, body: hasBody ? req.body : null }));
  if (!(response instanceof Response)) throw new Error('net::ERR_FAILED (the protocol handler did not return a Response)');
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
}

function onMessage(message: HarnessMessage): void {
  switch (message.type) {
    case 'reply': {
      const waiting = pending.get(message.reqId);
      pending.delete(message.reqId);
      if (message.ok) waiting?.resolve(message.value);
      else waiting?.reject(new Error(message.message));
      return;
    }
    case 'invoke':
      return reply(message.reqId, () => invoke(message.windowId, message.channel, message.args, message.frame));
    case 'ipc-send': {
      const win = windows.get(message.windowId);
      if (win) ipcMain.emit(message.channel, { ...ipcEvent(win, message.frame), returnValue: undefined, reply: (ch: string, ...a: unknown[]) => win.webContents.send(ch, ...a) }, ...message.args);
      return;
    }
    case 'protocol-request':
      return reply(message.reqId, () => serveProtocol(message.request));
    case 'will-navigate':
      return reply(message.reqId, () => willNavigate(message.windowId, message.url));
    case 'window-event': {
      const win = windows.get(message.windowId);
      if (!win) return;
      if (message.event === 'ready-to-show') win.emit('ready-to-show', new StandinEvent());
      else if (message.event === 'url-changed' && message.url) win.webContents.setURL(message.url);
      else if (message.event === 'closed-by-harness') win.destroy();
      return;
    }
    case 'inspect':
      return reply(message.reqId, snapshot);
    case 'command':
      return reply(message.reqId, () => runCommand(message.command));
  }
}

// ---------------------------------------------------------------------------------------------
// Process wiring (once, even if the module were loaded twice)

interface StandinState {
  installed: boolean;
}
const globalState = ((globalThis as Record<symbol, unknown>)[STATE_KEY] ??= { installed: false }) as StandinState;
if (!globalState.installed) {
  globalState.installed = true;
  process.on('message', onMessage as (message: unknown) => void);
  // The browser side is gone (the harness ended): Electron's main process would not outlive it.
  process.on('disconnect', () => app.exit(1));
  // Electron turns SIGINT/SIGTERM/SIGHUP into app.quit() (its shutdown signal handler). The first JS
  // listener for a signal (the app's, or a package's such as when-exit) makes libuv install its own
  // handler in place of Electron's; once the last JS listener is gone, libuv restores the default
  // action, which ends the process. Removing the stand-in's listener then leaves exactly that to Node.
  const electronHandlers = new Map<string, () => void>();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const electronHandler = (): void => app.quit();
    electronHandlers.set(signal, electronHandler);
    process.on(signal, electronHandler);
  }
  process.on('newListener', (event, listener) => {
    const electronHandler = electronHandlers.get(String(event));
    if (electronHandler && listener !== electronHandler) {
      process.removeListener(event as NodeJS.Signals, electronHandler);
      electronHandlers.delete(String(event));
    }
  });
  (process as { type?: string }).type = 'browser';
  // Electron's resources folder (a development run: the one beside the Electron binary). Nothing is there.
  (process as { resourcesPath?: string }).resourcesPath ??= path.join(app.getAppPath(), 'node_modules', 'electron', 'dist', 'resources');
}


// ---------------------------------------------------------------------------------------------
// Compile-time only: what the app uses keeps Electron's own signatures (node_modules/electron/electron.d.ts).

type Has<Real, Standin extends Real> = Standin;
export type SignaturesChecked = [
  Has<Pick<Electron.App, 'whenReady' | 'isReady' | 'getPath' | 'getVersion' | 'getName' | 'isPackaged' | 'requestSingleInstanceLock' | 'quit' | 'exit' | 'setLoginItemSettings'>, typeof app>,
  Has<Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle' | 'unhandle' | 'isProtocolHandled'>, typeof protocol>,
  Has<Pick<Electron.IpcMain, 'handle' | 'handleOnce' | 'removeHandler'>, typeof ipcMain>,
  Has<Pick<Electron.SafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'>, typeof safeStorage>,
  Has<Pick<Electron.BrowserWindow, 'show' | 'hide' | 'focus' | 'isMinimized' | 'restore' | 'isDestroyed' | 'setAlwaysOnTop' | 'isVisible' | 'close' | 'destroy'>, StandinBrowserWindow>,
  Has<Pick<Electron.WebContents, 'send' | 'isDestroyed' | 'setWindowOpenHandler' | 'getURL'>, StandinWebContents>,
  Has<Pick<Electron.Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'destroy'>, StandinTray>,
];
