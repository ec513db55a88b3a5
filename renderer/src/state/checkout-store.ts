import { create } from 'zustand';
import type { CheckoutState, RedemptionView } from '../../../preload/contract';
import { bridge, call, ContractError } from '../bridge';
import { playFeedback } from '../feedback/sound';
import { refusalText } from '../components/errors';
import i18n from '../i18n';

interface CheckoutStore {
  checkout: CheckoutState | null;
  today: RedemptionView[];
  /** Colour feedback: the last outcome and when, so the view can flash. */
  feedback: { kind: 'success' | 'failure'; at: number; message: string | null } | null;
  error: string | null;
  redeem(benefitId: string): Promise<void>;
  newCustomer(): Promise<void>;
  cancel(redemptionId: string): Promise<void>;
  voidRedemption(redemptionId: string, reason: string, pin?: string): Promise<boolean>;
  loadToday(): Promise<void>;
  /** A benefit that cannot be applied was chosen by its key: the failure flash and buzz, nothing sent. */
  refuse(message: string): void;
}

function signal(kind: 'success' | 'failure', message: string | null = null): void {
  useCheckout.setState({ feedback: { kind, at: Date.now(), message } });
  playFeedback(kind);
}

export const useCheckout = create<CheckoutStore>((set, get) => ({
  checkout: null,
  today: [],
  feedback: null,
  error: null,
  redeem: async (benefitId) => {
    set({ error: null });
    try {
      await call('checkout.redeem', { benefitId });
    } catch (error) {
      const message = error instanceof ContractError ? (refusalText(error, i18n.t.bind(i18n) as unknown as Parameters<typeof refusalText>[1]) ?? error.message) : String(error);
      set({ error: message });
      signal('failure', message);
    }
  },
  newCustomer: async () => {
    set({ error: null, feedback: null });
    const checkoutId = get().checkout?.checkoutId ?? null;
    // The new (empty) checkout arrives as a `checkout` event. Setting it from this answer too could
    // overwrite a customer scanned meanwhile, if the answer were slower than the event stream.
    await call('checkout.new', { checkoutId });
  },
  cancel: async (redemptionId) => {
    await call('checkout.cancel', { redemptionId }).catch((e: Error) => set({ error: e.message }));
  },
  voidRedemption: async (redemptionId, reason, pin) => {
    try {
      await call('redemptions.void', { redemptionId, reason, pin });
      await get().loadToday();
      return true;
    } catch (error) {
      // A wrong or missing manager PIN in the cashier's language; other refusals as the core said them.
      const message = error instanceof ContractError ? (refusalText(error, i18n.t.bind(i18n) as unknown as Parameters<typeof refusalText>[1]) ?? error.message) : String(error);
      set({ error: message });
      signal('failure', message);
      return false;
    }
  },
  loadToday: async () => set({ today: await call('redemptions.today', {}) }),
  refuse: (message) => signal('failure', message),
}));

export function startCheckoutStore(): void {
  bridge.on('checkout', (checkout) => useCheckout.setState({ checkout }));
  const seen = new Map<string, string>();
  bridge.on('redemption', (r) => {
    const previous = seen.get(r.id);
    const now = `${r.state}/${r.voidState ?? ''}`;
    seen.set(r.id, now);
    if (previous !== now) {
      if (r.state === 'committed' && r.voidState === null) signal('success');
      if (r.state === 'rejected') signal('failure', r.reason);
      if (r.state === 'voided') signal('success');
    }
    const today = useCheckout.getState().today;
    const rest = today.filter((t) => t.id !== r.id);
    useCheckout.setState({ today: [r, ...rest].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) });
  });
  bridge.on('scan', (scan) => {
    if (!scan.accepted) signal('failure', scan.reason ?? null);
  });
  void call('checkout.get', {}).then((checkout) => {
    if (useCheckout.getState().checkout === null) useCheckout.setState({ checkout });
  });
  void useCheckout.getState().loadToday();
}
