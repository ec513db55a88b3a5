import { useEffect } from 'react';
import type { View } from '../state/app-store';
import { bridge } from '../bridge';
import { requestCheckoutFocus } from '../state/checkout-focus';
import { isTextField } from './field-guard';

/**
 * A scan from a scanner (serial, HID or keyboard wedge) is for the checkout, whatever view is open:
 * the app switches to Checkout and takes the focus out of any text field, so neither the label nor
 * the cashier's next keys (1–9, Esc) land in a PIN or settings field. The core sends no `scan` event
 * for a pairing code, so pairing in Settings is not interrupted. A typed card is already on Checkout.
 */
export function useScanRouting(enabled: boolean, setView: (v: View) => void): void {
  useEffect(() => {
    if (!enabled) return;
    return bridge.on('scan', (scan) => {
      if (scan.source === 'manual') return;
      setView('checkout');
      const focused = document.activeElement;
      // An open join form keeps its field: the cashier is typing the new member's details.
      if (isTextField(focused) && !focused.closest('.join-form')) focused.blur();
      requestCheckoutFocus();
    });
  }, [enabled, setView]);
}
