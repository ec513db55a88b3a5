import { Menu, nativeImage, Tray } from 'electron';
import path from 'node:path';
import type { Status } from '../../preload/contract';

export type TrayLevel = 'ok' | 'warn' | 'error' | 'idle';

/** One glance tells the manager whether sync is healthy: the worst of the connections and warnings. */
export function trayLevel(status: Status): TrayLevel {
  const states = [status.custobar.state, status.benefits.state];
  if (states.includes('unauthorized') || states.includes('offline')) return 'error';
  if (status.warnings.length > 0) return 'warn';
  if (states.includes('online')) return 'ok';
  return 'idle';
}

export function trayTooltip(status: Status): string {
  const demo = status.app.demo ? ' (demo)' : '';
  return `Till Companion ${status.app.version}${demo}\nCustobar: ${status.custobar.state}\nBenefits: ${status.benefits.state}` +
    (status.warnings.length ? `\n${status.warnings.length} warning(s)` : '');
}

export interface TrayHandle {
  update(status: Status): void;
  destroy(): void;
}

export function createTray(
  assetsDir: string,
  actions: { show(): void; toggleOnTop(): boolean; quit(): void },
  onTop: boolean,
): TrayHandle {
  const icon = (level: TrayLevel) => nativeImage.createFromPath(path.join(assetsDir, `tray-${level}.png`));
  const tray = new Tray(icon('idle'));
  const menu = (onTop: boolean) =>
    Menu.buildFromTemplate([
      { label: 'Show Till Companion', click: actions.show },
      { label: 'Always on top', type: 'checkbox', checked: onTop, click: () => tray.setContextMenu(menu(actions.toggleOnTop())) },
      { type: 'separator' },
      { label: 'Quit', click: actions.quit },
    ]);
  tray.setToolTip('Till Companion');
  tray.setContextMenu(menu(onTop));
  tray.on('click', actions.show);
  let last: TrayLevel = 'idle';
  return {
    update: (status) => {
      const level = trayLevel(status);
      if (level !== last) tray.setImage(icon(level));
      last = level;
      tray.setToolTip(trayTooltip(status));
    },
    destroy: () => tray.destroy(),
  };
}
