import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '../../../main/core/settings/settings-service';
import { createMemoryLogger } from '../../../main/core/logging/logger';
import { deepMerge } from '../../../main/core/settings/merge';
import type { CheckoutState, RedemptionView } from '../../../preload/contract';
import type { Settings } from '../../../preload/schemas/settings';

// electron-updater cannot run without Electron: the mock hands out the test's fake autoUpdater and
// counts how often the module was loaded, to show it is loaded only when a feed is set.
const mocked = vi.hoisted(() => ({ loads: 0, updater: null as unknown }));
vi.mock('electron-updater', () => {
  mocked.loads += 1;
  return { autoUpdater: mocked.updater, default: { autoUpdater: mocked.updater } };
});

import { CHECK_EVERY_MS, INSTALL_TICK_MS, loadElectronUpdater, startUpdates, storeHour, tillIsIdle, type Updater } from '../../../main/electron/updates';
import { FakeUpdater } from '../../helpers/fake-updater';


function settingsSource(patch: Record<string, unknown>) {
  const listeners = new Set<(s: Settings) => void>();
  let current = deepMerge(defaultSettings(), patch) as Settings;
  return {
    get: () => current,
    onChange: (l: (s: Settings) => void) => (listeners.add(l), () => void listeners.delete(l)),
    update(next: Record<string, unknown>) {
      current = deepMerge(current, next) as Settings;
      listeners.forEach((l) => l(current));
    },
  };
}

const FEED = { updates: { feedUrl: 'https://updates.example.com/till/', channel: 'beta' } };

function setup(patch: Record<string, unknown>, idle = () => true) {
  const updater = new FakeUpdater();
  const settings = settingsSource(patch);
  const logger = createMemoryLogger();
  const beforeInstall = vi.fn();
  const load = vi.fn(async () => updater as unknown as Updater);
  const updates = startUpdates({ settings, isIdle: idle, logger, beforeInstall, load });
  return { updater, settings, logger, beforeInstall, load, updates, log: () => logger.lines.join('\n') };
}

afterEach(() => vi.useRealTimers());

describe('auto-update', () => {
  it('loads electron-updater lazily, only once a feed is set', async () => {
    // Importing the module did not load electron-updater: start-up does not pay for it.
    expect(mocked.loads).toBe(0);
    const updater = new FakeUpdater();
    mocked.updater = updater;
    await expect(loadElectronUpdater()).resolves.toBe(updater);
    expect(mocked.loads).toBe(1);
  });

  it('is off without a feed URL: nothing loaded, nothing checked', async () => {
    const t = setup({});
    await t.updates.settled();
    expect(t.load).not.toHaveBeenCalled();
    expect(t.log()).toContain('updates off (no feed URL in Settings)');
    t.updates.stop();
  });

  it('sets the generic feed and channel from Settings, downloads in the background, installs at quit', async () => {
    const t = setup(FEED);
    await t.updates.settled();
    expect(t.updater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'https://updates.example.com/till/', channel: 'beta' });
    expect(t.updater.autoDownload).toBe(true);
    expect(t.updater.autoInstallOnAppQuit).toBe(true);
    expect(t.updater.checkForUpdates).toHaveBeenCalledTimes(1);
    t.updates.stop();
  });

  it('checks at start and every 6 hours', async () => {
    vi.useFakeTimers();
    const t = setup(FEED);
    await t.updates.settled();
    expect(t.updater.checkForUpdates).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(CHECK_EVERY_MS - 1);
    expect(t.updater.checkForUpdates).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.updater.checkForUpdates).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(CHECK_EVERY_MS);
    expect(t.updater.checkForUpdates).toHaveBeenCalledTimes(3);
    t.updates.stop();
    await vi.advanceTimersByTimeAsync(CHECK_EVERY_MS);
    expect(t.updater.checkForUpdates).toHaveBeenCalledTimes(3);
  });

  it('follows Settings: a new feed is set and checked; clearing it stops checks and the install at quit', async () => {
    vi.useFakeTimers();
    const t = setup(FEED);
    await t.updates.settled();
    t.settings.update({ general: { language: 'fi' } }); // unrelated: nothing happens
    t.settings.update({ updates: { feedUrl: 'https://other.example.com/' } });
    await t.updates.settled();
    expect(t.updater.setFeedURL).toHaveBeenLastCalledWith({ provider: 'generic', url: 'https://other.example.com/', channel: 'beta' });
    expect(t.updater.setFeedURL).toHaveBeenCalledTimes(2);
    expect(t.updater.checkForUpdates).toHaveBeenCalledTimes(2);
    expect(t.load).toHaveBeenCalledTimes(1);

    t.settings.update({ updates: { feedUrl: '' } });
    await t.updates.settled();
    expect(t.updater.autoInstallOnAppQuit).toBe(false);
    await vi.advanceTimersByTimeAsync(2 * CHECK_EVERY_MS);
    expect(t.updater.checkForUpdates).toHaveBeenCalledTimes(2);
    t.updates.stop();
  });

  it('installs at the chosen store hour, never during a checkout, and retries a minute later', async () => {
    vi.useFakeTimers();
    // 02:58:30 in Helsinki (UTC+2 in January).
    vi.setSystemTime(new Date('2030-01-15T00:58:30Z'));
    let busy = false;
    const t = setup({ ...FEED, updates: { ...FEED.updates, installHour: 3 }, general: { storeTimeZone: 'Europe/Helsinki' } }, () => !busy);
    await t.updates.settled();
    t.updater.emit('update-downloaded', { version: '2.0.0' });
    await vi.advanceTimersByTimeAsync(INSTALL_TICK_MS); // 02:59:30, idle, but not the hour
    expect(t.updater.quitAndInstall).not.toHaveBeenCalled();

    busy = true;
    await vi.advanceTimersByTimeAsync(2 * INSTALL_TICK_MS); // 03:01:30, a customer at the till
    expect(t.updater.quitAndInstall).not.toHaveBeenCalled();
    expect(t.log()).toContain('update 2.0.0 is ready; waiting for the checkout to finish');

    busy = false;
    await vi.advanceTimersByTimeAsync(INSTALL_TICK_MS);
    expect(t.beforeInstall).toHaveBeenCalledTimes(1);
    expect(t.updater.quitAndInstall.mock.calls).toEqual([[true, true]]);
    expect(t.beforeInstall.mock.invocationCallOrder[0]).toBeLessThan(t.updater.quitAndInstall.mock.invocationCallOrder[0]!);
    await vi.advanceTimersByTimeAsync(5 * INSTALL_TICK_MS);
    expect(t.updater.quitAndInstall).toHaveBeenCalledTimes(1);
    t.updates.stop();
  });

  it('with install hour -1 installs only when the app quits', async () => {
    vi.useFakeTimers();
    const t = setup(FEED);
    await t.updates.settled();
    t.updater.emit('update-downloaded', { version: '2.0.0' });
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(t.updater.quitAndInstall).not.toHaveBeenCalled();
    expect(t.updater.autoInstallOnAppQuit).toBe(true);
    t.updates.stop();
  });

  it('logs every failure and never throws', async () => {
    const t = setup(FEED);
    t.updater.checkForUpdates.mockRejectedValueOnce(new Error('feed unreachable'));
    await t.updates.settled();
    await vi.waitFor(() => expect(t.log()).toContain('update check failed: feed unreachable'));
    expect(() => t.updater.emit('error', new Error('bad signature'))).not.toThrow();
    expect(t.log()).toContain('update failed: bad signature');
    t.updates.stop();

    const broken = startUpdates({ settings: settingsSource(FEED), isIdle: () => true, logger: t.logger, beforeInstall: vi.fn(), load: () => Promise.reject(new Error('no module')) });
    await expect(broken.settled()).resolves.toBeUndefined();
    expect(t.log()).toContain('updates unavailable: no module');
    broken.stop();
  });
});

describe('when the till may restart', () => {
  it('reads the hour on the store’s wall clock, daylight saving included', () => {
    expect(storeHour(Date.parse('2030-01-15T01:30:00Z'), 'Europe/Helsinki')).toBe(3);
    expect(storeHour(Date.parse('2030-07-15T00:30:00Z'), 'Europe/Helsinki')).toBe(3);
    expect(storeHour(Date.parse('2030-07-15T23:30:00Z'), 'Europe/Helsinki')).toBe(2);
    expect(storeHour(Date.parse('2030-07-15T03:30:00Z'), 'UTC')).toBe(3);
  });

  const idle: CheckoutState = {
    checkoutId: null, cardId: null, customerState: 'idle', customer: null, benefitsState: 'idle',
    benefits: [], benefitsOffline: false, message: null, messageCode: null, prompts: [],
  };
  const redemption = (over: Partial<RedemptionView>): RedemptionView => ({
    id: 'r', checkoutId: 'c', benefitId: 'b', benefitTitle: 't', benefitKind: 'percent', state: 'committed', offline: false,
    cancelRequested: false, reason: null, remoteId: null, createdAt: '', maskedPhone: '', firstName: null, tillId: 'T', voidState: null, voidReason: null, ...over,
  });

  it('only between checkouts and with no redemption waiting for its answer', () => {
    expect(tillIsIdle(idle, [])).toBe(true);
    expect(tillIsIdle({ ...idle, checkoutId: 'c1', cardId: 'CU-1', customerState: 'loading', benefitsState: 'loading' }, [])).toBe(false);
    expect(tillIsIdle({ ...idle, checkoutId: 'c1', customerState: 'ready', customer: {} as never }, [])).toBe(false);
    expect(tillIsIdle({ ...idle, checkoutId: 'c1', customerState: 'not_found' }, [])).toBe(false);
    expect(tillIsIdle({ ...idle, benefitsState: 'ready', benefits: [{} as never] }, [])).toBe(false);
    expect(tillIsIdle(idle, [redemption({ state: 'committed' })])).toBe(true);
    expect(tillIsIdle(idle, [redemption({ state: 'pending' })])).toBe(false);
    expect(tillIsIdle(idle, [redemption({ state: 'committed', voidState: 'pending' })])).toBe(false);
    // Queued offline, for the connection to return: survives a restart, does not hold the update.
    expect(tillIsIdle(idle, [redemption({ state: 'pending', offline: true })])).toBe(true);
  });
});
