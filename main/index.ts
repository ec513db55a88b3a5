/**
 * Electron entry: the app:// scheme, the single-instance lock, then the shell
 * (main/electron/bootstrap.ts). Kept tiny so the logic lives in modules tested with electron mocked.
 */
import { app, protocol } from 'electron';
import path from 'node:path';
import { DataDirError } from './app/data-dir';
import { registerAppScheme } from './electron/app-protocol';
import { startShell, type RunningShell } from './electron/bootstrap';

const here = import.meta.dirname;
const paths = {
  preload: path.join(here, '..', 'preload', 'index.cjs'),
  rendererDir: path.join(here, '..', 'renderer'),
  assets: path.join(here, '..', '..', 'assets'),
};

// Privileged schemes can be registered only before the app is ready.
registerAppScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  // A second copy would fight the first over the scanner and the database.
  app.quit();
} else {
  let shell: RunningShell | null = null;
  app.on('second-instance', () => {
    const win = shell?.window();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    }
  });
  app.on('window-all-closed', () => {
    // Electron would quit here by itself; the window's close handler already decided (hide to the
    // tray, or quit through the one shutdown in main/electron/lifecycle.ts).
  });
  app
    .whenReady()
    .then(async () => {
      shell = await startShell(paths);
    })
    .catch((error: unknown) => {
      // A data folder the app cannot use is said in one sentence of its own.
      process.stderr.write(error instanceof DataDirError ? `${error.message}\n` : `Till Companion failed to start: ${String(error)}\n`);
      app.exit(1);
    });
}
