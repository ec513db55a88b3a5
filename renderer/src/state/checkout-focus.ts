import { create } from 'zustand';

/**
 * Asks the Checkout view to take the keyboard focus: after a typed card is submitted, or after a
 * scan arrived while a text field (or another view) had it, so keys 1–9 and Esc act at once and
 * nothing the scanner or the cashier types next lands in a field. The view may mount after the
 * request (a scan on the Status view switches to Checkout), so a request is kept until handled.
 */
interface FocusRequests {
  requested: number;
  handled: number;
}

export const useCheckoutFocus = create<FocusRequests>(() => ({ requested: 0, handled: 0 }));

export function requestCheckoutFocus(): void {
  useCheckoutFocus.setState((s) => ({ requested: s.requested + 1 }));
}

/** Takes the focus to `target` when a request is pending; called by the Checkout view after each render. */
export function takeCheckoutFocus(target: HTMLElement | null): void {
  const { requested, handled } = useCheckoutFocus.getState();
  if (!target || requested === handled) return;
  useCheckoutFocus.setState({ handled: requested });
  // An open form (joining, a consent change) keeps what the cashier is typing into.
  if (document.activeElement?.closest('.join-form')) return;
  target.focus({ preventScroll: true });
}
