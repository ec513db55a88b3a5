import { create } from 'zustand';
import type { DeadLetter, ExportsStatus, ExportType } from '../../../preload/contract';
import { bridge, call, ContractError } from '../bridge';
import { useApp } from './app-store';

interface ExportsState {
  status: ExportsStatus | null;
  deadLetters: DeadLetter[];
  deadTotal: number;
  /** The dead-letter list's type filter (null: all types), and how many of that type there are. */
  deadType: ExportType | null;
  deadShownTotal: number;
  /** With a manager PIN set, the list is read only with it (the core refuses otherwise). */
  locked: boolean;
  loadDeadLetters(): Promise<void>;
  filterDeadLetters(type: ExportType | null): Promise<void>;
}

/** Only the newest list request may set the list: an older answer can arrive after a newer one. */
let listRequest = 0;

const deadCount = (status: ExportsStatus | null, type: ExportType | null): number => status?.types.reduce((n, t) => n + (type === null || t.type === type ? t.dead : 0), 0) ?? 0;

export const useExports = create<ExportsState>((set, get) => ({
  status: null,
  deadLetters: [],
  deadTotal: 0,
  deadType: null,
  deadShownTotal: 0,
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
    const counted = deadCount(get().status, null);
    const pin = useApp.getState().pin();
    // Nothing to read, or the PIN is set and not entered: the count is all this page may know, so the
    // core is not asked (it would refuse, and the refusal would only be noise in the console).
    if (get().status !== null && counted === 0) {
      set({ deadLetters: [], deadTotal: 0, deadShownTotal: 0, locked: false });
      return;
    }
    if (useApp.getState().settings?.pinSet && pin === undefined) {
      set({ deadLetters: [], deadTotal: counted, deadShownTotal: 0, locked: true });
      return;
    }
    const type = get().deadType;
    try {
      const { items, total } = await call('deadLetters.list', { limit: 200, offset: 0, pin, ...(type ? { type } : {}) });
      if (request !== listRequest) return;
      // deadTotal stays the count of all types (it decides whether the card shows at all).
      const all = type ? total + deadCount(get().status, null) - deadCount(get().status, type) : total;
      set({ deadLetters: items, deadTotal: all, deadShownTotal: total, locked: false });
    } catch (error) {
      if (!(error instanceof ContractError && error.code === 'pin_required')) throw error;
      // Only the count is known without the PIN: the records themselves stay in the core.
      if (request === listRequest) set({ deadLetters: [], deadTotal: counted, deadShownTotal: 0, locked: true });
    }
  },
  filterDeadLetters: async (type) => {
    set({ deadType: type });
    await get().loadDeadLetters();
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
