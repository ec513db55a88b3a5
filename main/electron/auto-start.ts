import fs from 'node:fs';
import path from 'node:path';
import type { Settings } from '../../preload/schemas/settings';
import { CompanionError } from '../core/common/errors';
import type { Logger } from '../core/logging/logger';

/** What auto-start needs from Electron and the OS; the shell passes the real ones, tests their own. */
export interface AutoStartHost {
  platform: NodeJS.Platform;
  /** Only installed builds register themselves: a development run must not start at every login. */
  isPackaged: boolean;
  execPath: string;
  env: NodeJS.ProcessEnv;
  homeDir: string;
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
}

export type AutoStartResult = 'login-item' | 'desktop-entry-written' | 'desktop-entry-removed' | 'unchanged' | 'not-installed';

/** The XDG autostart entry; XDG_CONFIG_HOME counts only when absolute, as the spec says. */
export function autostartEntryPath(env: NodeJS.ProcessEnv, homeDir: string): string {
  const configHome = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(homeDir, '.config');
  return path.join(configHome, 'autostart', 'till-companion.desktop');
}

/**
 * One Exec argument, quoted by the Desktop Entry rules: inside double quotes `"`, `` ` ``, `$` and
 * `\` take a backslash; then the string-value rule doubles every backslash; `%` (field codes) is `%%`.
 */
export function desktopExecArg(value: string): string {
  const quoted = `"${value.replace(/["`$\\]/g, '\\$&')}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function desktopEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Till Companion',
    'Comment=Loyalty scanning and Custobar sync beside the till',
    `Exec=${desktopExecArg(executable)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * Starts the app at login, or stops doing so. Windows and macOS keep a login item (a Run key, a
 * login item); Linux desktops read ~/.config/autostart. An AppImage runs from a new mount point
 * every time, so its entry must name the AppImage file itself ($APPIMAGE), not process.execPath.
 */
export function applyAutoStart(openAtLogin: boolean, host: AutoStartHost): AutoStartResult {
  if (!host.isPackaged) return 'not-installed';
  if (host.platform === 'win32' || host.platform === 'darwin') {
    host.setLoginItemSettings({ openAtLogin });
    return 'login-item';
  }
  const file = autostartEntryPath(host.env, host.homeDir);
  if (!openAtLogin) {
    if (!fs.existsSync(file)) return 'unchanged';
    fs.rmSync(file, { force: true });
    return 'desktop-entry-removed';
  }
  const content = desktopEntry(host.env.APPIMAGE || host.execPath);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) return 'unchanged';
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content, { mode: 0o644 });
  return 'desktop-entry-written';
}

/**
 * Applies `general.autoStart` now and again whenever it changes. At start a failure is only logged:
 * the app must run even where it cannot register itself. A failed change throws a CompanionError,
 * so the settings service refuses the change with that reason and puts the old value back.
 */
export function watchAutoStart(
  settings: { get(): Settings; onChange(listener: (s: Settings) => void): () => void },
  host: AutoStartHost,
  logger: Logger,
): () => void {
  let applied: boolean | null = null;
  const apply = (enabled: boolean): void => {
    if (enabled === applied) return;
    try {
      const result = applyAutoStart(enabled, host);
      applied = enabled;
      if (result === 'not-installed') logger.debug('auto-start: a development run is never registered');
      else if (result !== 'unchanged') logger.info(`auto-start ${enabled ? 'on' : 'off'} (${result})`);
    } catch (error) {
      // A read-only home or a locked registry: the till app still runs, just not at login.
      applied = null;
      logger.warn('auto-start could not be changed', { error });
      throw new CompanionError('unavailable', `Starting at login could not be turned ${enabled ? 'on' : 'off'}: ${(error as Error).message}`);
    }
  };
  try {
    apply(settings.get().general.autoStart);
  } catch {
    // Logged above; at start there is no change to refuse.
  }
  return settings.onChange((s) => apply(s.general.autoStart));
}
