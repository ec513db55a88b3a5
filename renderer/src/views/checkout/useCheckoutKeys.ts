import { useEffect, useRef } from 'react';
import type { BenefitView } from '../../../../preload/contract';

const isTyping = (el: Element | null): boolean => el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;

/**
 * 1–9 apply the benefit with that number; Esc starts a new customer. A digit waits a moment before
 * acting: a keyboard-wedge scanner types card numbers as fast bursts of digits, and a burst must not
 * apply benefits. Keys typed into a text field are left to the field. The listener is installed once
 * and reads the latest list through a ref, so re-renders never drop a pending key.
 */
export function useCheckoutKeys(benefits: BenefitView[], apply: (id: string) => void, newCustomer: () => void, holdMs: number): void {
  const latest = useRef({ benefits, apply, newCustomer, holdMs });
  useEffect(() => {
    latest.current = { benefits, apply, newCustomer, holdMs };
  });
  useEffect(() => {
    let pending: number | null = null;
    const cancelPending = () => {
      if (pending !== null) window.clearTimeout(pending);
      pending = null;
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.repeat) return;
      if (pending !== null) {
        cancelPending(); // another key right after: a scanner burst, not a choice
        return;
      }
      if (isTyping(document.activeElement)) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        latest.current.newCustomer();
        return;
      }
      const n = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
      const benefit = n ? latest.current.benefits[Number(n[1]) - 1] : undefined;
      if (!benefit) return;
      e.preventDefault();
      pending = window.setTimeout(() => {
        pending = null;
        latest.current.apply(benefit.id);
      }, latest.current.holdMs);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      cancelPending();
      window.removeEventListener('keydown', onKey);
    };
  }, []);
}
