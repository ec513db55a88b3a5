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
    const saved = returnFocus;
    returnFocus = null;
    // After React has rendered without the panel: the field may be about to disappear, and the
    // join button is only there again once the form is gone.
    window.setTimeout(() => (saved && document.contains(saved) ? saved : document.getElementById('join-open'))?.focus(), 0);
  },
  dismissNotice: () => set({ notice: null }),
}));
