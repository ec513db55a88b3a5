import { useEffect } from 'react';
import type { Settings } from '../../../preload/contract';
import { createWedgeDetector } from './wedge-detector';
import { restoreField, snapshotFocusedField, type FieldSnapshot } from './field-guard';

/**
 * Listens to every keydown in the window (capture phase, so it sees keys typed into inputs too) and
 * hands complete scanner bursts to `onScan`. The suffix key that ends a burst is swallowed so it does
 * not also submit whatever form has focus, and the characters the burst typed into a text field are
 * taken out again (field-guard.ts): a scan never stays in a field, on any view.
 */
export function useWedgeScanner(settings: Settings['scanner']['wedge'] | undefined, onScan: (text: string) => void): void {
  useEffect(() => {
    if (!settings?.enabled) return;
    const detector = createWedgeDetector(settings);
    let before: FieldSnapshot | null = null;
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.repeat) return;
      const outcome = detector.feed({ code: e.code, shiftKey: e.shiftKey, key: e.key, capsLock: e.getModifierState('CapsLock'), time: e.timeStamp });
      // This key began a new burst (its character is not in the field yet): note the field as it is.
      if (outcome.kind === 'none' && detector.pending() === 1) before = snapshotFocusedField();
      if (outcome.kind === 'scan') {
        e.preventDefault();
        e.stopPropagation();
        restoreField(before);
        before = null;
        onScan(outcome.text);
      }
    };
    const timer = settings.suffix === 'none'
      ? window.setInterval(() => {
          const outcome = detector.tick(performance.now());
          if (outcome.kind === 'scan') {
            restoreField(before);
            before = null;
            onScan(outcome.text);
          }
        }, settings.maxGapMs)
      : 0;
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      if (timer) window.clearInterval(timer);
    };
  }, [settings, onScan]);
}
