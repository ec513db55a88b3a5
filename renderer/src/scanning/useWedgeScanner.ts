import { useEffect } from 'react';
import type { Settings } from '../../../preload/contract';
import { createWedgeDetector } from './wedge-detector';

/**
 * Listens to every keydown in the window (capture phase, so it sees keys typed into inputs too) and
 * hands complete scanner bursts to `onScan`. The suffix key that ends a burst is swallowed so it does
 * not also submit whatever form has focus.
 */
export function useWedgeScanner(settings: Settings['scanner']['wedge'] | undefined, onScan: (text: string) => void): void {
  useEffect(() => {
    if (!settings?.enabled) return;
    const detector = createWedgeDetector(settings);
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.repeat) return;
      const outcome = detector.feed({ code: e.code, shiftKey: e.shiftKey, key: e.key, capsLock: e.getModifierState('CapsLock'), time: e.timeStamp });
      if (outcome.kind === 'scan') {
        e.preventDefault();
        e.stopPropagation();
        onScan(outcome.text);
      }
    };
    const timer = settings.suffix === 'none'
      ? window.setInterval(() => {
          const outcome = detector.tick(performance.now());
          if (outcome.kind === 'scan') onScan(outcome.text);
        }, settings.maxGapMs)
      : 0;
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      if (timer) window.clearInterval(timer);
    };
  }, [settings, onScan]);
}
