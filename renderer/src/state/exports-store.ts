import { create } from 'zustand';
import type { DeadLetter, ExportsStatus } from '../../../preload/contract';
import { bridge, call } from '../bridge';

interface ExportsState {
  status: ExportsStatus | null;
  deadLetters: DeadLetter[];
  deadTotal: number;
  loadDeadLetters(): Promise<void>;
}

/** Only the newest list request may set the list: an older answer can arrive after a newer one. */
let listRequest = 0;

export const useExports = create<ExportsState>((set) => ({
  status: null,
  deadLetters: [],
  deadTotal: 0,
  loadDeadLetters: async () => {
    const request = ++listRequest;
    const { items, total } = await call('deadLetters.list', { limit: 50, offset: 0 });
    if (request === listRequest) set({ deadLetters: items, deadTotal: total });
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
