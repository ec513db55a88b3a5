import { app, BrowserWindow, ipcMain, safeStorage, session } from 'electron';
import Store from 'electron-store';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Settings } from '../../preload/schemas/settings';
import { createCompanion, type Companion } from '../core/companion';
import { createLogger, type Logger } from '../core/logging/logger';
import { startIngestServer } from '../core/exports/ingest-server';
import { startDemoFeeder } from '../simulator/demo-feeder';
import { randomBytes } from 'node:crypto';
import { overlaySecrets } from '../core/secrets/overlay';
import type { SettingsBackend } from '../core/settings/backend';
import { startDemo, type DemoSetup } from '../simulator/embedded';
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

/**
 * The loopback ingest API for the POS (service mode serves it on its own port instead). It needs a
 * token: without one set in Settings it stays off. Demo mode also starts the sample sales feed.
 */
async function startIngest(companion: Companion, logger: Logger, demo: boolean): Promise<{ stop(): void }> {
  const port = companion.context.settings.get().exports.ingestPort;
  const token = companion.context.secrets.get('ingestToken');
  if (port === 0 || !token) {
    logger.info('ingest API off (set an ingest token and port in Settings to turn it on)');
    return { stop: () => undefined };
  }
  try {
    const server = await startIngestServer({ port, token, ingest: companion.exports.ingest, logger: logger.child('ingest') });
    const feeder = demo ? startDemoFeeder({ ingestUrl: `http://127.0.0.1:${server.port}`, token }) : null;
    return {
      stop: () => {
        feeder?.stop();
        void server.close();
      },
    };
  } catch (error) {
    companion.context.warnings.raise('ingest_port', `The ingest API could not listen on port ${port}: ${(error as Error).message}`);
    return { stop: () => undefined };
  }
}

/** Demo mode when nothing is configured, so a first start shows a working app instead of errors. */
export function needsDemo(backend: SettingsBackend, argv: readonly string[]): boolean {
  if (argv.includes('--demo')) return true;
  try {
    const parsed = Settings.safeParse(backend.read() ?? {});
    return !parsed.success || parsed.data.custobar.baseUrl === '';
  } catch {
    return true;
  }
}

export interface RunningShell {
  companion: Companion;
  demo: DemoSetup | null;
  window(): BrowserWindow | null;
  quit(): Promise<void>;
}

/** Everything Electron-specific, in start-up order. main/index.ts only adds the single-instance lock. */
export async function startShell(paths: ShellPaths): Promise<RunningShell> {
  const appUrl = pathToFileURL(paths.indexHtml).href;
  installSecurityGuards(app, (url) => url.split('#')[0]!.split('?')[0] === appUrl);
  hardenSession(session.defaultSession);

  const dataDir = app.getPath('userData');
  const logger = createLogger({ file: path.join(dataDir, 'logs', 'till-companion.log') });
  const settingsBackend = createElectronSettingsBackend(Store, dataDir);
  const demo = needsDemo(settingsBackend, process.argv) ? await startDemo() : null;
  const secrets = createSafeStorageSecrets(safeStorage, new Store({ name: 'secrets', cwd: dataDir, watch: false }));
  // In demo mode the ingest API gets a throw-away token for the built-in sales feed.
  const demoSecrets = demo ? { ...demo.secrets, ingestToken: randomBytes(24).toString('base64url') } : {};

  const companion = await createCompanion(
    {
      dataDir,
      version: app.getVersion(),
      mode: 'electron',
      demo: demo !== null,
      overrides: demo?.overrides ?? {},
      hostname: os.hostname(),
      platform: `${process.platform}-${process.arch}`,
    },
    {
      settingsBackend,
      secrets: overlaySecrets(secrets, demoSecrets),
      logger,
      // `npm start` passes a better-sqlite3 build for Electron's ABI (scripts/electron-native.mjs).
      exports: { nativeBinding: process.env.TILL_SQLITE_BINDING || undefined },
    },
  );
  registerContractIpc(ipcMain, companion.dispatch, appUrl);
  const ingest = await startIngest(companion, logger, demo !== null);

  let win: BrowserWindow | null = null;
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
  forwardEvents(companion.events, () => win?.webContents ?? null);

  const quit = async (): Promise<void> => {
    quitting = true;
    ingest.stop();
    tray?.destroy();
    await companion.close();
    await demo?.simulator.close();
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
  return { companion, demo, window: () => win, quit };
}
