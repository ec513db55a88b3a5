import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/** electron-updater's autoUpdater as the app uses it: settable flags, recorded calls, its events. */
export class FakeUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: unknown = null;
  setFeedURL = vi.fn();
  checkForUpdates = vi.fn(async (): Promise<null> => null);
  quitAndInstall = vi.fn();
  reset(): void {
    this.removeAllListeners();
    this.autoDownload = this.autoInstallOnAppQuit = false;
    [this.setFeedURL, this.checkForUpdates, this.quitAndInstall].forEach((fn) => fn.mockClear());
  }
}
