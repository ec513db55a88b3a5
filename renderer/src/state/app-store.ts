import { create } from 'zustand';
import type { AppInfo, SettingsView, Status } from '../../../preload/contract';
import { bridge, call, onBridgeConnection } from '../bridge';
import i18n from '../i18n';

export type View = 'checkout' | 'status' | 'settings';
export const views: readonly View[] = ['checkout', 'status', 'settings'];

/** The manager PIN is kept in memory for a few minutes after unlocking, then forgotten. */
const PIN_TTL_MS = 5 * 60_000;

interface AppState {
  view: View;
  info: AppInfo | null;
  status: Status | null;
  settings: SettingsView | null;
  /** Service mode: the event stream is up. Always true in Electron. */
  connected: boolean;
  loadError: string | null;
  managerPin: string | null;
  pinExpiresAt: number;
  setView(view: View): void;
  refresh(): Promise<void>;
  unlock(pin: string | null): void;
  /** The PIN to send with a manager action, or undefined once it has expired. */
  pin(): string | undefined;
}

export const useApp = create<AppState>((set, get) => ({
  view: 'checkout',
  info: null,
  status: null,
  settings: null,
  connected: true,
  loadError: null,
  managerPin: null,
  pinExpiresAt: 0,
  setView: (view) => set({ view }),
  refresh: async () => {
    try {
      const [info, status, settings] = await Promise.all([call('app.info', {}), call('status.get', {}), call('settings.get', {})]);
      // Finnish and Swedish are loaded on demand: switch first, so what arrived is never shown in English.
      await i18n.changeLanguage(settings.settings.general.language);
      set({ info, status, settings, loadError: null });
    } catch (error) {
      set({ loadError: (error as Error).message });
    }
  },
  unlock: (pin) => set({ managerPin: pin, pinExpiresAt: pin === null ? 0 : Date.now() + PIN_TTL_MS }),
  pin: () => {
    const { managerPin, pinExpiresAt } = get();
    return managerPin === null || Date.now() > pinExpiresAt ? undefined : managerPin;
  },
}));

/** Wires pushed events into the store once, at start-up. */
export function startAppStore(): void {
  bridge.on('status', (status) => useApp.setState({ status }));
  bridge.on('settings', (settings) => {
    useApp.setState({ settings });
    void i18n.changeLanguage(settings.settings.general.language);
  });
  onBridgeConnection((connected) => {
    useApp.setState({ connected });
    // Events may have been missed while the stream was down: fetch a fresh snapshot.
    if (connected) void useApp.getState().refresh();
  });
  void useApp.getState().refresh();
}
