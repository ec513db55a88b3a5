import { create } from 'zustand';
import type { AppInfo, MethodInput, SetupState } from '../../../preload/contract';
import { bridge, call, onBridgeConnection } from '../bridge';
import { useApp } from './app-store';

/** What the UI is waiting for: a restart on another data set, or a connect being saved. */
export type Switching = 'demo' | 'store' | 'connect';

interface SetupStore {
  setup: SetupState | null;
  switching: Switching | null;
  /** A choose/connect that failed before the switch (shown on the setup screen). */
  error: string | null;
  load(): Promise<void>;
  choose(profile: 'demo' | 'real', pin?: string): Promise<void>;
  /** Throws ContractError so the form can put field errors at their fields. */
  connect(input: MethodInput<'setup.connect'>): Promise<void>;
}

/** The setup screen shows on first run, and on the store's data set while it is not configured. */
export const needsSetup = (setup: SetupState | null): boolean =>
  setup !== null && (setup.profile === 'none' || (setup.profile === 'real' && !setup.realConfigured));

const arrived: Record<'demo' | 'store', (state: SetupState, info: AppInfo) => boolean> = {
  demo: (s, info) => s.profile === 'demo' && info.demo,
  store: (s, info) => s.profile !== 'demo' && !info.demo,
};

const SWITCH_WAIT_MS = 60_000;
const POLL_MS = 400;

/**
 * The core restarts on the other data set after answering, so the answer comes from the old one.
 * Wait until the new one answers, then reload the page: every store (checkout, scans, exports, the
 * unlocked PIN) belonged to the old data set, and a fresh page reads them all again from the new one.
 */
async function afterSwitch(target: 'demo' | 'store'): Promise<void> {
  const deadline = Date.now() + SWITCH_WAIT_MS;
  while (Date.now() < deadline) {
    try {
      const [state, info] = await Promise.all([call('setup.state', {}), call('app.info', {})]);
      if (arrived[target](state, info)) break;
    } catch {
      // Mid-restart the service may not answer for a moment; ask again.
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  window.location.reload();
}

export const useSetup = create<SetupStore>((set, get) => ({
  setup: null,
  switching: null,
  error: null,
  load: async () => {
    try {
      set({ setup: await call('setup.state', {}) });
    } catch {
      // Read again on the next settings event or reconnect (e.g. while the app restarts).
    }
  },
  choose: async (profile, pin) => {
    if (get().switching) return;
    set({ switching: profile === 'demo' ? 'demo' : 'store', error: null });
    try {
      const before = get().setup?.profile;
      const next = await call('setup.choose', { profile, ...(pin ? { pin } : {}) });
      if (next.profile === before) set({ setup: next, switching: null });
      else await afterSwitch(profile === 'demo' ? 'demo' : 'store');
    } catch (error) {
      set({ switching: null, error: (error as Error).message });
    }
  },
  connect: async (input) => {
    if (get().switching) return;
    set({ switching: 'connect', error: null });
    try {
      // Connecting saves into the store's data set, which is already running: no restart, so the
      // page keeps its state, and the PIN just typed stays unlocked for the manager's next steps.
      const next = await call('setup.connect', input);
      useApp.getState().unlock(input.pin);
      set({ setup: next, switching: null });
    } catch (error) {
      set({ switching: null });
      throw error;
    }
  },
}));

/** Reads the state at start and whenever it may have changed; reloads when another UI switched. */
export function startSetupStore(): void {
  bridge.on('settings', () => void useSetup.getState().load());
  bridge.on('status', (status) => {
    // Another window (or tab) switched the data set: this page's stores are from the old one.
    const info = useApp.getState().info;
    if (info && status.app.demo !== info.demo && useSetup.getState().switching === null) window.location.reload();
  });
  onBridgeConnection((connected) => connected && void useSetup.getState().load());
  void useSetup.getState().load();
}
