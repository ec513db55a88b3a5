import { create } from 'zustand';
import type { PairingState, ScannerStatus, ScanRecord } from '../../../preload/contract';
import { bridge, call } from '../bridge';

interface ScanState {
  recent: ScanRecord[];
  last: ScanRecord | null;
  scanner: ScannerStatus | null;
  pairing: PairingState | null;
  /** Bumped on every wedge scan so a text field the burst typed into can clear itself. */
  wedgeBursts: number;
  /** The text of the last wedge scan, so a field it landed in can remove exactly that. */
  lastBurst: string;
  submit(source: 'manual' | 'wedge', raw: string): Promise<void>;
  clearLast(): void;
}

export const useScans = create<ScanState>((set) => ({
  recent: [],
  last: null,
  scanner: null,
  pairing: null,
  wedgeBursts: 0,
  lastBurst: '',
  submit: async (source, raw) => {
    if (source === 'wedge') set((s) => ({ wedgeBursts: s.wedgeBursts + 1, lastBurst: raw }));
    // The result also arrives as a `scan` event; nothing else to do here.
    await call('scans.submit', { source, raw });
  },
  clearLast: () => set({ last: null }),
}));

export function startScanStore(): void {
  bridge.on('scan', (scan) => useScans.setState((s) => ({ last: scan, recent: [scan, ...s.recent].slice(0, 50) })));
  bridge.on('scanner', (scanner) => useScans.setState({ scanner }));
  bridge.on('pairing', (pairing) => useScans.setState({ pairing }));
  void Promise.all([call('scans.recent', {}), call('scanner.status', {})]).then(([recent, scanner]) =>
    useScans.setState({ recent, scanner, last: recent[0] ?? null }),
  );
}
