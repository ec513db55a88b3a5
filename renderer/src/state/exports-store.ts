import { create } from 'zustand';
import type { DeadLetter, ExportsStatus } from '../../../preload/contract';
import { bridge, call, ContractError } from '../bridge';
import { useApp } from './app-store';

interface ExportsState {
  status: ExportsStatus | null;
  deadLetters: DeadLetter[];
  deadTotal: number;
  /** With a manager PIN set, the list is read only with it (the core refuses otherwise). */
  locked: boolean;
  loadDeadLetters(): Promise<void>;
}

/** Only the newest list request may set the list: an older answer can arrive after a newer one. */
let listRequest = 0;

export const useExports = create<ExportsState>((set, get) => ({
  status: null,
  deadLetters: [],
  deadTotal: 0,
  locked: false,
  loadDeadLetters: async () => {
    const request = ++listRequest;
    // Whether a PIN is set comes with the settings: wait for them rather than ask and be refused.
    if (!useApp.getState().settings) {
      await new Promise<void>((resolve) => {
        const stop = useApp.subscribe((app) => {
          if (!app.settings) return;
          stop();
          resolve();
        });
      });
      if (request !== listRequest) return;
    }
    const counted = (get().status?.types ?? []).reduce((n, t) => n + t.dead, 0);
    const pin = useApp.getState().pin();
    // Nothing to read, or the PIN is set and not entered: the count is all this page may know, so the
    // core is not asked (it would refuse, and the refusal would only be noise in the console).
    if (get().status !== null && counted === 0) {
      set({ deadLetters: [], deadTotal: 0, locked: false });
      return;
    }
    if (useApp.getState().settings?.pinSet && pin === undefined) {
      set({ deadLetters: [], deadTotal: counted, locked: true });
      return;
    }
    try {
      const { items, total } = await call('deadLetters.list', { limit: 50, offset: 0, pin });
      if (request === listRequest) set({ deadLetters: items, deadTotal: total, locked: false });
    } catch (error) {
      if (!(error instanceof ContractError && error.code === 'pin_required')) throw error;
      // Only the count is known without the PIN: the records themselves stay in the core.
      if (request === listRequest) set({ deadLetters: [], deadTotal: counted, locked: true });
    }
  },
}));

export function startExportsStore(): void {
  let lastDead = -1;
  const apply = (status: ExportsStatus): void => {
    useExports.setState({ status });
    const dead = status.types.reduce((n, t) => n + t.dead, 0);
    // Also when the list shown differs from the count: a list read mid-retry (the record briefly
    // pending) must not hide a record that failed again before the next event.
    if (dead !== lastDead || dead !== useExports.getState().deadTotal) {
      lastDead = dead;
      void useExports.getState().loadDeadLetters();
    }
  };
  bridge.on('exports', apply);
  // The first snapshot only if no (newer) event came first.
  void call('exports.status', {}).then((status) => useExports.getState().status === null && apply(status));
}
