import { create } from 'zustand';
import type { DeadLetter, ExportsStatus } from '../../../preload/contract';
import { bridge, call } from '../bridge';

interface ExportsState {
  status: ExportsStatus | null;
  deadLetters: DeadLetter[];
  deadTotal: number;
  loadDeadLetters(): Promise<void>;
}

export const useExports = create<ExportsState>((set) => ({
  status: null,
  deadLetters: [],
  deadTotal: 0,
  loadDeadLetters: async () => {
    const { items, total } = await call('deadLetters.list', { limit: 50, offset: 0 });
    set({ deadLetters: items, deadTotal: total });
  },
}));

export function startExportsStore(): void {
  let lastDead = -1;
  const apply = (status: ExportsStatus): void => {
    useExports.setState({ status });
    const dead = status.types.reduce((n, t) => n + t.dead, 0);
    if (dead !== lastDead) {
      lastDead = dead;
      void useExports.getState().loadDeadLetters();
    }
  };
  bridge.on('exports', apply);
  // The first snapshot only if no (newer) event came first.
  void call('exports.status', {}).then((status) => useExports.getState().status === null && apply(status));
}
