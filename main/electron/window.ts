import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { APP_URL } from './app-protocol';

export interface WindowPaths {
  preload: string;
}

/** Compact by default (it sits beside the till), secure always. */
export function windowOptions(paths: WindowPaths, alwaysOnTop: boolean): BrowserWindowConstructorOptions {
  return {
    width: 420,
    height: 720,
    minWidth: 360,
    minHeight: 560,
    alwaysOnTop,
    title: 'Till Companion',
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#f4f5f7',
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: process.env.TILL_DEVTOOLS === '1',
    },
  };
}

export function createMainWindow(paths: WindowPaths, alwaysOnTop: boolean, onLoadError: (error: unknown) => void): BrowserWindow {
  const win = new BrowserWindow(windowOptions(paths, alwaysOnTop));
  win.once('ready-to-show', () => win.show());
  // The page comes from the app:// scheme (app-protocol.ts), never from file://. A failed load
  // rejects; unhandled, that rejection would end the main process.
  win.loadURL(APP_URL).catch(onLoadError);
  return win;
}
