import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../../preload/schemas/settings';
import { applyAutoStart, autostartEntryPath, desktopEntry, desktopExecArg, watchAutoStart, type AutoStartHost } from '../../../main/electron/auto-start';
import { createMemoryLogger } from '../../../main/core/logging/logger';
import { tempDir } from '../../helpers/service-process';

const host = (over: Partial<AutoStartHost> = {}): AutoStartHost & { setLoginItemSettings: ReturnType<typeof vi.fn> } => ({
  platform: 'linux',
  isPackaged: true,
  execPath: '/opt/Till Companion/till-companion',
  env: {},
  homeDir: tempDir('home-'),
  setLoginItemSettings: vi.fn(),
  ...over,
}) as never;

/** A settings source whose `general.autoStart` the test flips. */
function settingsSource(autoStart: boolean) {
  const listeners = new Set<(s: Settings) => void>();
  let current = { general: { autoStart } } as Settings;
  return {
    get: () => current,
    onChange: (l: (s: Settings) => void) => (listeners.add(l), () => void listeners.delete(l)),
    set(value: boolean) {
      current = { general: { autoStart: value } } as Settings;
      listeners.forEach((l) => l(current));
    },
  };
}

describe('auto-start at login', () => {
  it('uses the OS login item on Windows and macOS', () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const h = host({ platform });
      expect(applyAutoStart(true, h)).toBe('login-item');
      expect(applyAutoStart(false, h)).toBe('login-item');
      expect(h.setLoginItemSettings.mock.calls, platform).toEqual([[{ openAtLogin: true }], [{ openAtLogin: false }]]);
      expect(fs.existsSync(path.join(h.homeDir, '.config')), platform).toBe(false);
    }
  });

  it('writes and removes an XDG autostart entry on Linux', () => {
    const h = host();
    const file = path.join(h.homeDir, '.config', 'autostart', 'till-companion.desktop');
    expect(applyAutoStart(true, h)).toBe('desktop-entry-written');
    const entry = fs.readFileSync(file, 'utf8');
    expect(entry).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
    expect(entry).toContain('Exec="/opt/Till Companion/till-companion"\n');
    expect(applyAutoStart(true, h)).toBe('unchanged');
    expect(applyAutoStart(false, h)).toBe('desktop-entry-removed');
    expect(fs.existsSync(file)).toBe(false);
    expect(applyAutoStart(false, h)).toBe('unchanged');
    expect(h.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('respects an absolute XDG_CONFIG_HOME and names the AppImage, not its temporary mount', () => {
    const config = tempDir('xdg-');
    const h = host({ env: { XDG_CONFIG_HOME: config, APPIMAGE: '/home/till/Apps/Till-Companion.AppImage' }, execPath: '/tmp/.mount_TillXYZ/till-companion' });
    applyAutoStart(true, h);
    const entry = fs.readFileSync(path.join(config, 'autostart', 'till-companion.desktop'), 'utf8');
    expect(entry).toContain('Exec="/home/till/Apps/Till-Companion.AppImage"\n');
    expect(entry).not.toContain('.mount_');
    // A relative XDG_CONFIG_HOME is invalid by the spec and ignored.
    expect(autostartEntryPath({ XDG_CONFIG_HOME: 'rel/config' }, '/home/till')).toBe('/home/till/.config/autostart/till-companion.desktop');
  });

  it('quotes the executable by the Desktop Entry rules', () => {
    expect(desktopExecArg('/opt/a b/app')).toBe('"/opt/a b/app"');
    expect(desktopExecArg('/opt/$HOME/"x"`y`')).toBe('"/opt/\\\\$HOME/\\\\"x\\\\"\\\\`y\\\\`"');
    expect(desktopExecArg('/opt/a\\b')).toBe('"/opt/a\\\\\\\\b"');
    expect(desktopExecArg('/opt/100%/app')).toBe('"/opt/100%%/app"');
    expect(desktopEntry('/x').split('\n').filter((l) => l.startsWith('Exec='))).toEqual(['Exec="/x"']);
  });

  it('never registers a development run', () => {
    const h = host({ isPackaged: false });
    expect(applyAutoStart(true, h)).toBe('not-installed');
    expect(fs.existsSync(path.join(h.homeDir, '.config'))).toBe(false);
    expect(applyAutoStart(true, { ...h, platform: 'win32' })).toBe('not-installed');
    expect(h.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('applies the setting at start and again when it changes; a change that fails is refused', () => {
    const h = host({ platform: 'win32' });
    const settings = settingsSource(true);
    const logger = createMemoryLogger();
    const off = watchAutoStart(settings, h, logger);
    expect(h.setLoginItemSettings.mock.calls).toEqual([[{ openAtLogin: true }]]);
    settings.set(true); // another setting changed: nothing to do
    settings.set(false);
    expect(h.setLoginItemSettings.mock.calls).toEqual([[{ openAtLogin: true }], [{ openAtLogin: false }]]);

    h.setLoginItemSettings.mockImplementationOnce(() => {
      throw new Error('registry locked');
    });
    // The settings service turns this into "not applied" for the manager and puts the old value back.
    expect(() => settings.set(true)).toThrow(expect.objectContaining({ code: 'unavailable', message: 'Starting at login could not be turned on: registry locked' }));
    expect(logger.lines.join('\n')).toContain('auto-start could not be changed');
    settings.set(true); // the failed change is tried again
    expect(h.setLoginItemSettings.mock.calls.at(-1)).toEqual([{ openAtLogin: true }]);
    off();
    settings.set(false);
    expect(h.setLoginItemSettings.mock.calls.at(-1)).toEqual([{ openAtLogin: true }]);
  });

  it('starts the app even where it cannot register itself', () => {
    const h = host({ platform: 'win32' });
    h.setLoginItemSettings.mockImplementation(() => {
      throw new Error('registry locked');
    });
    const logger = createMemoryLogger();
    expect(() => watchAutoStart(settingsSource(true), h, logger)).not.toThrow();
    expect(logger.lines.join('\n')).toContain('auto-start could not be changed');
  });
});
