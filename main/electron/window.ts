import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';

export interface WindowPaths {
  preload: string;
  indexHtml: string;
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

export function createMainWindow(paths: WindowPaths, alwaysOnTop: boolean): BrowserWindow {
  const win = new BrowserWindow(windowOptions(paths, alwaysOnTop));
  win.once('ready-to-show', () => win.show());
  void win.loadFile(paths.indexHtml);
  return win;
}
