/**
 * The messages between the stand-in `electron` module (in the child process that runs the built
 * dist/main/index.js) and the harness (in the test process, which owns Chromium). They travel over
 * the child's Node IPC channel with `serialization: 'advanced'` (structured clone, as Electron's IPC).
 *
 * The split mirrors Electron's: the main process holds the app and its handlers; the pages live
 * elsewhere and reach the main process only through messages.
 */

/** What a renderer frame looks like to `ipcMain`: enough for `event.senderFrame` (url, parent chain). */
export interface FrameInfo {
  url: string;
  name: string;
  parent: FrameInfo | null;
}

export interface WindowOptionsInfo {
  width?: number;
  height?: number;
  show?: boolean;
  title?: string;
  webPreferences?: Record<string, unknown>;
}

/** Privileged custom schemes as `protocol.registerSchemesAsPrivileged` received them. */
export interface SchemeInfo {
  scheme: string;
  privileges: Record<string, boolean>;
}

export interface ProtocolRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

export interface ProtocolResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Child → harness. Requests carry `reqId`; the harness answers with a `reply`. */
export type ChildMessage =
  | { type: 'ready'; userData: string }
  | { type: 'schemes'; privileged: SchemeInfo[]; handled: string[] }
  | { type: 'window-create'; windowId: number; options: WindowOptionsInfo }
  | { type: 'window-load'; reqId: number; windowId: number; url: string }
  | { type: 'window-op'; windowId: number; op: 'show' | 'hide' | 'focus' | 'destroy' }
  | { type: 'send'; windowId: number; channel: string; args: unknown[] }
  | { type: 'reply'; reqId: number; ok: true; value: unknown }
  | { type: 'reply'; reqId: number; ok: false; message: string };

/** Harness → child. */
export type HarnessMessage =
  | { type: 'invoke'; reqId: number; windowId: number; channel: string; args: unknown[]; frame: FrameInfo }
  | { type: 'ipc-send'; windowId: number; channel: string; args: unknown[]; frame: FrameInfo }
  | { type: 'protocol-request'; reqId: number; request: ProtocolRequest }
  | { type: 'will-navigate'; reqId: number; windowId: number; url: string }
  | { type: 'window-event'; windowId: number; event: 'ready-to-show' | 'url-changed' | 'closed-by-harness'; url?: string }
  | { type: 'inspect'; reqId: number }
  | { type: 'command'; reqId: number; command: StandinCommand }
  | { type: 'reply'; reqId: number; ok: true; value: unknown }
  | { type: 'reply'; reqId: number; ok: false; message: string };

/** What a test can ask the stand-in to do, as a user or the OS would. */
export type StandinCommand =
  /** The user clicks a tray menu item by its label (e.g. 'Quit'). */
  | { name: 'tray-menu-click'; label: string }
  /** The user clicks the tray icon. */
  | { name: 'tray-click' }
  /** The user clicks the window's close button. */
  | { name: 'window-close'; windowId: number }
  /** Code in the main process calls app.quit() (as the OS session end or a menu does). */
  | { name: 'app-quit' }
  /** A page asks for a permission: the session's permission request handler decides. */
  | { name: 'permission-request'; permission: string; windowId: number }
  /** The OS suspends, resumes or shuts down (powerMonitor; 'shutdown' is Linux and macOS). */
  | { name: 'power'; event: 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen' | 'shutdown' };

/** What `inspect` returns: the recorded state of everything the stand-in cannot show in a page. */
export interface StandinSnapshot {
  ready: boolean;
  userData: string;
  quitting: boolean;
  windows: { id: number; visible: boolean; destroyed: boolean; focused: boolean; alwaysOnTop: boolean; url: string; options: WindowOptionsInfo }[];
  trays: { destroyed: boolean; tooltip: string; image: string | null; menu: { label: string | null; type: string; checked: boolean | null }[] }[];
  loginItemSettings: Record<string, unknown>[];
  privilegedSchemes: SchemeInfo[];
  handledSchemes: string[];
  ipcHandlers: string[];
  ipcListeners: string[];
  session: { permissionRequestHandler: boolean; permissionCheckHandler: boolean; devicePermissionHandler: boolean; headersReceivedHandler: boolean };
  webContentsHandlers: { windowOpenHandler: boolean; willNavigate: number; willRedirect: number; willAttachWebview: number }[];
  appListeners: Record<string, number>;
  dialogs: { kind: string; options: unknown }[];
  shell: { kind: string; target: string }[];
}
