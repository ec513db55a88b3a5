import { useEffect } from 'react';
import type { BenefitView } from '../../../../preload/contract';

const isTyping = (el: Element | null): boolean => el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;

/**
 * 1–9 apply the benefit with that number; Esc starts a new customer. A digit waits a moment before
 * acting: a keyboard-wedge scanner types card numbers as fast bursts of digits, and a burst must not
 * apply benefits. Keys typed into a text field are left to the field.
 */
export function useCheckoutKeys(benefits: BenefitView[], apply: (id: string) => void, newCustomer: () => void, holdMs: number): void {
  useEffect(() => {
    let pending: { id: string; timer: number } | null = null;
    const cancelPending = () => {
      if (pending) window.clearTimeout(pending.timer);
      pending = null;
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      if (pending) {
        cancelPending(); // another key right after: this was a scanner burst, not a choice
        return;
      }
      if (isTyping(document.activeElement)) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        newCustomer();
        return;
      }
      const n = /^Digit([1-9])$/.exec(e.code) ?? /^Numpad([1-9])$/.exec(e.code);
      const benefit = n ? benefits[Number(n[1]) - 1] : undefined;
      if (!benefit) return;
      e.preventDefault();
      pending = { id: benefit.id, timer: window.setTimeout(() => {
        pending = null;
        apply(benefit.id);
      }, holdMs) };
    };
    window.addEventListener('keydown', onKey);
    return () => {
      cancelPending();
      window.removeEventListener('keydown', onKey);
    };
  }, [benefits, apply, newCustomer, holdMs]);
}
