import { useEffect, useRef } from 'react';
import { useApp } from '../../state/app-store';
import { useScans } from '../../state/scan-store';

/**
 * A keyboard-wedge scanner types its label into whichever field has focus. The scan itself is
 * handled as everywhere else (a new checkout); this takes its characters back out of the form's
 * text fields, leaving what the cashier typed.
 */
export function useBurstCleanup(strip: (burst: string, prefix: string) => void): void {
  const bursts = useScans((s) => s.wedgeBursts);
  const seen = useRef(bursts);
  const latest = useRef(strip);
  useEffect(() => {
    latest.current = strip;
  });
  useEffect(() => {
    if (bursts === seen.current) return;
    seen.current = bursts;
    const prefix = useApp.getState().settings?.settings.scanner.wedge.prefix ?? '';
    latest.current(useScans.getState().lastBurst, prefix);
  }, [bursts]);
}
