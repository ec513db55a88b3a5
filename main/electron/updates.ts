import type { AppUpdater } from 'electron-updater';
import type { CheckoutState, RedemptionView } from '../../preload/contract';
import type { Settings } from '../../preload/schemas/settings';
import { offsetMinutes } from '../core/common/dates';
import type { Logger } from '../core/logging/logger';

/** The part of electron-updater's autoUpdater this module uses (tests hand in their own). */
export type Updater = Pick<AppUpdater, 'autoDownload' | 'autoInstallOnAppQuit' | 'logger' | 'setFeedURL' | 'checkForUpdates' | 'quitAndInstall' | 'on'>;

export const CHECK_EVERY_MS = 6 * 3_600_000;
/** How often, during the install hour, an idle till is looked for. */
export const INSTALL_TICK_MS = 60_000;

/**
 * Loaded on first use: electron-updater and its dependencies cost start-up time, and a till without
 * a feed URL never needs them. It is CommonJS, so from ESM its autoUpdater may sit on `default`.
 */
export async function loadElectronUpdater(): Promise<Updater> {
  const mod: { autoUpdater?: AppUpdater; default?: { autoUpdater?: AppUpdater } } = await import('electron-updater');
  const updater = mod.autoUpdater ?? mod.default?.autoUpdater;
  if (!updater) throw new Error('electron-updater has no autoUpdater');
  return updater;
}

/** The hour (0-23) on the store's wall clock. */
export function storeHour(instantMs: number, timeZone: string): number {
  return new Date(instantMs + offsetMinutes(instantMs, timeZone) * 60_000).getUTCHours();
}

/**
 * Restarting is safe only between checkouts: no customer or benefits on screen or loading, and no
 * redemption waiting for the benefits service's answer. (One queued offline waits for the
 * connection, possibly for hours, and survives a restart in SQLite: it does not hold the update.)
 */
export function tillIsIdle(checkout: CheckoutState, redemptions: readonly RedemptionView[]): boolean {
  const nothingShown =
    checkout.checkoutId === null &&
    checkout.customerState === 'idle' &&
    checkout.customer === null &&
    checkout.benefitsState === 'idle' &&
    checkout.benefits.length === 0;
  const inFlight = redemptions.some((r) => (r.state === 'pending' && !r.offline) || r.voidState === 'pending');
  return nothingShown && !inFlight;
}

export interface UpdatesOptions {
  settings: { get(): Settings; onChange(listener: (s: Settings) => void): () => void };
  isIdle(): boolean;
  logger: Logger;
  /** Right before quitAndInstall: the shutdown is wanted, so the window must really close. */
  beforeInstall(): void;
  load?: () => Promise<Updater>;
  now?: () => number;
}

export interface Updates {
  /** Settles when the latest settings have been applied (the updater loaded and configured). */
  settled(): Promise<void>;
  stop(): void;
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Auto-update from a generic feed (`updates.feedUrl`, `updates.channel`): checked at start and every
 * 6 h, downloaded in the background, installed when the app quits or — with `updates.installHour` —
 * at that hour of store time once the till is idle (else tried again a minute later). No feed URL:
 * the updater is never loaded. Every failure is logged; none reaches the till.
 */
export function startUpdates(options: UpdatesOptions): Updates {
  const { logger: log } = options;
  const now = options.now ?? Date.now;
  const load = options.load ?? loadElectronUpdater;
  let updater: Updater | null = null;
  // null until the first apply, so a till without a feed says so once at start.
  let feedKey: string | null = null;
  let downloaded: string | null = null;
  let installing = false;
  let waitLogged = false;
  let stopped = false;
  let timers: NodeJS.Timeout[] = [];
  let queue = Promise.resolve();

  const check = (): void => {
    const target = updater;
    if (!target || !feedKey || stopped) return;
    Promise.resolve()
      .then(() => target.checkForUpdates())
      .catch((error: unknown) => log.warn(`update check failed: ${reason(error)}`));
  };

  const tryInstall = (): void => {
    if (!updater || !downloaded || installing || !feedKey || stopped) return;
    const { updates, general } = options.settings.get();
    if (updates.installHour < 0 || storeHour(now(), general.storeTimeZone) !== updates.installHour) return;
    if (!options.isIdle()) {
      if (!waitLogged) log.info(`update ${downloaded} is ready; waiting for the checkout to finish`);
      waitLogged = true;
      return;
    }
    installing = true;
    log.info(`installing update ${downloaded} (install hour ${updates.installHour}:00 store time)`);
    try {
      options.beforeInstall();
      // Silent (no installer window at the till) and start the new version afterwards.
      updater.quitAndInstall(true, true);
    } catch (error) {
      installing = false;
      log.warn(`update could not be installed: ${reason(error)}`);
    }
  };

  const wire = (target: Updater): void => {
    target.logger = { info: (m: unknown) => log.debug(String(m)), warn: (m: unknown) => log.warn(String(m)), error: (m: unknown) => log.debug(String(m)) };
    // Without an 'error' listener an EventEmitter throws: a bad feed would crash the main process.
    target.on('error', (error) => log.warn(`update failed: ${reason(error)}`));
    target.on('update-downloaded', (info) => {
      downloaded = info.version;
      waitLogged = false;
      const hour = options.settings.get().updates.installHour;
      log.info(`update ${info.version} downloaded; installed when the app quits${hour < 0 ? '' : ` or at ${hour}:00 store time`}`);
      tryInstall();
    });
  };

  const apply = async (settings: Settings): Promise<void> => {
    const { feedUrl, channel } = settings.updates;
    const key = feedUrl ? `${feedUrl} ${channel}` : '';
    if (key === feedKey || stopped) return;
    feedKey = key;
    timers.forEach(clearInterval);
    timers = [];
    if (!key) {
      // A downloaded update must not be installed either once IT has turned updates off.
      if (updater) updater.autoInstallOnAppQuit = false;
      downloaded = null;
      log.info('updates off (no feed URL in Settings)');
      return;
    }
    try {
      if (!updater) {
        const loaded = await load();
        if (stopped) return;
        wire(loaded);
        updater = loaded;
      }
      updater.autoDownload = true;
      updater.autoInstallOnAppQuit = true;
      updater.setFeedURL({ provider: 'generic', url: feedUrl, channel });
    } catch (error) {
      feedKey = null;
      log.warn(`updates unavailable: ${reason(error)}`);
      return;
    }
    log.info(`updates from ${feedUrl} (channel ${channel})`);
    check();
    timers = [setInterval(check, CHECK_EVERY_MS), setInterval(tryInstall, INSTALL_TICK_MS)];
    timers.forEach((t) => t.unref());
  };

  const enqueue = (settings: Settings): void => {
    // One apply at a time (loading takes a moment); a failed one must not stop the later ones.
    queue = queue.then(() => apply(settings)).catch((error: unknown) => log.warn(`updates: ${reason(error)}`));
  };
  enqueue(options.settings.get());
  const offSettings = options.settings.onChange(enqueue);

  return {
    settled: () => queue,
    stop: () => {
      stopped = true;
      offSettings();
      timers.forEach(clearInterval);
      timers = [];
    },
  };
}
