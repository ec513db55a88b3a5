import { create } from 'zustand';
import type { PermissionsStatus } from '../../../preload/contract';
import { bridge, call, onBridgeConnection } from '../bridge';

interface PermissionsState {
  /** Custobar's permissions read back to the store: polls, the webhook, what waits for the POS. */
  status: PermissionsStatus | null;
  /** "Poll now" was refused (kept as the error itself so the view words it in its language). */
  pollError: unknown;
  pollNow(): Promise<void>;
}

export const usePermissions = create<PermissionsState>((set) => ({
  status: null,
  pollError: null,
  pollNow: async () => {
    set({ pollError: null });
    try {
      // The poll runs in the background; its progress and result arrive as `permissions` events.
      await call('permissions.pollNow', {});
    } catch (error) {
      set({ pollError: error });
    }
  },
}));

export function startPermissionsStore(): void {
  const load = () =>
    void call('permissions.status', {})
      .then((status) => usePermissions.setState({ status }))
      // A core without permissions (or one restarting) leaves the card hidden until an event comes.
      .catch(() => undefined);
  bridge.on('permissions', (status) => usePermissions.setState({ status }));
  // Status snapshots carry the same state; whichever arrived last is the newest.
  bridge.on('status', (status) => status.permissions && usePermissions.setState({ status: status.permissions }));
  onBridgeConnection((connected) => connected && load());
  load();
}
