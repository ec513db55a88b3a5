import { create } from 'zustand';
import type { DeadLetter, ExportsStatus, ExportType } from '../../../preload/contract';
import { bridge, call } from '../bridge';

interface ExportsState {
  status: ExportsStatus | null;
  deadLetters: DeadLetter[];
  deadTotal: number;
  /** The dead-letter list's type filter (null: all types), and how many of that type there are. */
  deadType: ExportType | null;
  deadShownTotal: number;
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
  loadDeadLetters: async () => {
    const request = ++listRequest;
    const type = get().deadType;
    const { items, total } = await call('deadLetters.list', { limit: 200, offset: 0, ...(type ? { type } : {}) });
    if (request !== listRequest) return;
    // deadTotal stays the count of all types (it decides whether the card shows at all).
    const all = type ? total + deadCount(get().status, null) - deadCount(get().status, type) : total;
    set({ deadLetters: items, deadTotal: all, deadShownTotal: total });
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
