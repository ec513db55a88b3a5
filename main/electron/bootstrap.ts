import { app, BrowserWindow, ipcMain, powerMonitor, protocol, safeStorage, session } from 'electron';
import Store from 'electron-store';
import os from 'node:os';
import { checkDataDir } from '../app/data-dir';
import { startApp, type RunningApp } from '../app/start-app';
import type { Companion } from '../core/companion';
import { APP_URL, isAppUrl, serveApp } from './app-protocol';
import { watchAutoStart } from './auto-start';
import { followSettings } from './current-settings';
import { forwardEvents, registerContractIpc } from './ipc';
import { createLifecycle, type SignalSource } from './lifecycle';
import { policyFilePath } from './policy-path';
import { createSafeStorageSecrets } from './secrets';
import { hardenSession, installSecurityGuards } from './security';
import { createElectronSettingsBackend } from './settings-store';
import { createTray, type TrayHandle } from './tray';
import { startUpdates, tillIsIdle } from './updates';
import { createMainWindow } from './window';

export interface ShellPaths {
  preload: string;
  /** The built renderer (dist/renderer), served as app://till-companion/. */
  rendererDir: string;
  assets: string;
}

/** The machine the shell runs on. Tests hand in their own platform, home, environment and signals. */
export interface ShellHost {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  homeDir: string;
  execPath: string;
  argv: readonly string[];
  signals: SignalSource;
}

const thisMachine = (): ShellHost => ({
  platform: process.platform,
  env: process.env,
  homeDir: os.homedir(),
  execPath: process.execPath,
  argv: process.argv,
  signals: process,
});

export interface RunningShell {
  /** The application on the data set in use (it changes when the setup screen switches data sets). */
  readonly companion: Companion;
  demo: RunningApp['demo'];
  window(): BrowserWindow | null;
  /** The same shutdown as the tray's Quit: stops the app, then app.exit(). */
  quit(): Promise<void>;
}

/** Everything Electron-specific, in start-up order. main/index.ts only adds the single-instance lock. */
export async function startShell(paths: ShellPaths, machine: Partial<ShellHost> = {}): Promise<RunningShell> {
  const host: ShellHost = { ...thisMachine(), ...machine };
  // First, before anything slow: a quit, a signal or the OS ending the session while the app is
  // still starting must still end in a clean shutdown.
  const lifecycle = createLifecycle({ app, signals: host.signals });
  lifecycle.watchPowerMonitor(powerMonitor);
  serveApp(protocol, paths.rendererDir);
  installSecurityGuards(app, isAppUrl);
  hardenSession(session.defaultSession);

  const dataDir = app.getPath('userData');
  // Before electron-store opens its files there: a folder the app cannot write is said in one sentence.
  checkDataDir(dataDir, 'electron');
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
    demo: host.argv.includes('--demo'),
    policyFile: policyFilePath(host.platform, host.env),
    ui: {
      kind: 'ipc',
      attach: (facade, logger) => {
        const offIpc = registerContractIpc(ipcMain, facade.dispatch, APP_URL);
        const offEvents = forwardEvents(facade.events, logger.child('ipc'), () => win?.webContents ?? null);
        return () => {
          offIpc();
          offEvents();
        };
      },
    },
    // `npm start` passes a better-sqlite3 build for Electron's ABI (scripts/electron-native.mjs).
    exports: { nativeBinding: host.env.TILL_SQLITE_BINDING || undefined },
  });
  const { logger } = running;
  // The event hub outlives a switch of data set; the companion and its settings do not.
  const events = running.companion.events;
  const settings = followSettings(() => running.companion.context.settings, (listener) => events.on('settings', listener));

  let tray: TrayHandle | null = null;
  const onTop = () => settings.get().general.alwaysOnTop;
  const show = (): void => {
    if (!win || win.isDestroyed()) {
      const created = createMainWindow(paths, onTop(), (error) => logger.error('the window could not load the app', { error }));
      created.on('close', (event) => {
        if (lifecycle.quitting) return;
        if (tray) {
          // Closing the window keeps the app in the tray: background sync must go on.
          event.preventDefault();
          created.hide();
        } else {
          // No tray (some Linux desktops): the window is the only way back, so closing it quits.
          app.quit();
        }
      });
      lifecycle.watchWindow(created);
      win = created;
    }
    win.show();
    win.focus();
  };

  tray = (() => {
    try {
      return createTray(
        paths.assets,
        {
          show,
          toggleOnTop: () => {
            const next = !onTop();
            try {
              running.companion.context.settings.update({ general: { alwaysOnTop: next } });
            } catch (error) {
              // Mid-switch between data sets, or the setting is locked by policy: the menu keeps the old state.
              logger.warn('always on top could not be changed', { error });
              return !next;
            }
            return next;
          },
          quit: () => app.quit(),
        },
        onTop(),
      );
    } catch (error) {
      // Some Linux desktops have no tray; the window still works.
      logger.warn('tray unavailable', { error });
      return null;
    }
  })();
  events.on('status', (status) => tray?.update(status));
  settings.onChange((s) => win?.setAlwaysOnTop(s.general.alwaysOnTop));

  const stopAutoStart = watchAutoStart(
    settings,
    { ...host, isPackaged: app.isPackaged, setLoginItemSettings: (s) => app.setLoginItemSettings(s) },
    logger.child('auto-start'),
  );
  const updates = startUpdates({
    settings,
    isIdle: () => {
      try {
        const { checkout } = running.companion;
        return tillIsIdle(checkout.checkout.get(), checkout.redemptions.today());
      } catch {
        return false; // switching data sets: not a moment to restart
      }
    },
    logger: logger.child('updates'),
    beforeInstall: () => lifecycle.expectQuit(),
  });
  lifecycle.beforeStop(() => {
    updates.stop();
    stopAutoStart();
    tray?.destroy();
  });

  lifecycle.started(running);
  if (!lifecycle.quitting) show();
  return {
    get companion() {
      return running.companion;
    },
    get demo() {
      return running.demo;
    },
    window: () => win,
    quit: () => lifecycle.shutdown('quit'),
  };
}
