import { create } from 'zustand';
import type { ConsentResult, JoinResult } from '../../../preload/contract';
import type { Channel } from '../views/permissions/join-form';

/** The card's customer a consent change is for (the card knows only the masked number). */
export interface ConsentTarget {
  channel: Channel;
  /** true = give the permission, false = withdraw it. */
  give: boolean;
  checkoutId: string;
  name: string | null;
  maskedPhone: string | null;
}

export type Panel = { kind: 'join' } | ({ kind: 'consent' } & ConsentTarget);

export type Notice = { kind: 'joined'; result: JoinResult } | { kind: 'consent'; channel: Channel; give: boolean; result: ConsentResult };

interface JoinStore {
  panel: Panel | null;
  notice: Notice | null;
  openJoin(): void;
  openConsent(target: ConsentTarget): void;
  /** Closes the open panel and puts the focus back where the cashier was before it opened. */
  close(notice?: Notice): void;
  dismissNotice(): void;
}

let returnFocus: HTMLElement | null = null;

const remember = (): void => {
  const active = document.activeElement;
  returnFocus = active instanceof HTMLElement && active !== document.body ? active : null;
};

export const useJoin = create<JoinStore>((set, get) => ({
  panel: null,
  notice: null,
  openJoin: () => {
    if (get().panel?.kind !== 'join') remember();
    set({ panel: { kind: 'join' }, notice: null });
  },
  openConsent: (target) => {
    if (!get().panel) remember();
    set({ panel: { kind: 'consent', ...target }, notice: null });
  },
  close: (notice) => {
    set({ panel: null, notice: notice ?? null });
    const target = returnFocus && document.contains(returnFocus) ? returnFocus : document.getElementById('join-open');
    returnFocus = null;
    // After React has removed the panel, or the focus would land in a field about to disappear.
    window.setTimeout(() => target?.focus(), 0);
  },
  dismissNotice: () => set({ notice: null }),
}));
