/**
 * Electron entry: single-instance lock, then the shell (main/electron/bootstrap.ts). Kept tiny so
 * the logic lives in modules that are tested with electron mocked.
 */
import { app } from 'electron';
import path from 'node:path';
import { startShell, type RunningShell } from './electron/bootstrap';

const here = import.meta.dirname;
const paths = {
  preload: path.join(here, '..', 'preload', 'index.cjs'),
  indexHtml: path.join(here, '..', 'renderer', 'index.html'),
  assets: path.join(here, '..', '..', 'assets'),
};

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
    // Stay alive in the tray; quitting is explicit (tray menu).
  });
  app
    .whenReady()
    .then(async () => {
      shell = await startShell(paths);
    })
    .catch((error: unknown) => {
      process.stderr.write(`Till Companion failed to start: ${String(error)}\n`);
      app.exit(1);
    });
}
