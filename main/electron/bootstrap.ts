import { app, BrowserWindow, ipcMain, safeStorage, session } from 'electron';
import Store from 'electron-store';
import { pathToFileURL } from 'node:url';
import { startApp, type RunningApp } from '../app/start-app';
import type { Companion } from '../core/companion';
import { forwardEvents, registerContractIpc } from './ipc';
import { createSafeStorageSecrets } from './secrets';
import { hardenSession, installSecurityGuards } from './security';
import { createElectronSettingsBackend } from './settings-store';
import { createTray, type TrayHandle } from './tray';
import { createMainWindow } from './window';

export interface ShellPaths {
  preload: string;
  indexHtml: string;
  assets: string;
}

export interface RunningShell {
  companion: Companion;
  demo: RunningApp['demo'];
  window(): BrowserWindow | null;
  quit(): Promise<void>;
}

/** Everything Electron-specific, in start-up order. main/index.ts only adds the single-instance lock. */
export async function startShell(paths: ShellPaths): Promise<RunningShell> {
  const appUrl = pathToFileURL(paths.indexHtml).href;
  installSecurityGuards(app, (url) => url.split('#')[0]!.split('?')[0] === appUrl);
  hardenSession(session.defaultSession);

  const dataDir = app.getPath('userData');
  const settingsBackend = createElectronSettingsBackend(Store, dataDir);
  let win: BrowserWindow | null = null;
  const running = await startApp({
    mode: 'electron',
    dataDir,
    version: app.getVersion(),
    settingsBackend,
    demoSettingsBackend: (dir) => createElectronSettingsBackend(Store, dir),
    secrets: createSafeStorageSecrets(safeStorage, new Store({ name: 'secrets', cwd: dataDir, watch: false })),
    // First run shows the setup screen (try the demo, or connect); --demo goes straight to the demo.
    demo: process.argv.includes('--demo'),
    ui: {
      kind: 'ipc',
      attach: (companion, logger) => {
        const offIpc = registerContractIpc(ipcMain, companion.dispatch, appUrl);
        const offEvents = forwardEvents(companion.events, logger.child('ipc'), () => win?.webContents ?? null);
        return () => {
          offIpc();
          offEvents();
        };
      },
    },
    // `npm start` passes a better-sqlite3 build for Electron's ABI (scripts/electron-native.mjs).
    exports: { nativeBinding: process.env.TILL_SQLITE_BINDING || undefined },
  });
  const { companion, logger } = running;

  let quitting = false;
  const onTop = () => companion.context.settings.get().general.alwaysOnTop;
  const show = (): void => {
    if (!win || win.isDestroyed()) {
      win = createMainWindow(paths, onTop());
      // Closing the window keeps the app in the tray: background sync must go on.
      win.on('close', (event) => {
        if (!quitting) {
          event.preventDefault();
          win?.hide();
        }
      });
    }
    win.show();
    win.focus();
  };

  const quit = async (): Promise<void> => {
    quitting = true;
    tray?.destroy();
    await running.stop();
    app.quit();
  };
  const tray: TrayHandle | null = (() => {
    try {
      return createTray(
        paths.assets,
        {
          show,
          toggleOnTop: () => {
            const next = !onTop();
            companion.context.settings.update({ general: { alwaysOnTop: next } });
            return next;
          },
          quit: () => void quit(),
        },
        onTop(),
      );
    } catch (error) {
      // Some Linux desktops have no tray; the window still works.
      logger.warn('tray unavailable', { error });
      return null;
    }
  })();
  companion.events.on('status', (status) => tray?.update(status));
  companion.context.settings.onChange((s) => win?.setAlwaysOnTop(s.general.alwaysOnTop));

  show();
  return { companion, demo: running.demo, window: () => win, quit };
}
