import type { ScannerState } from '../../../../preload/schemas/scanning';
import type { RawScan } from '../scan-intake';

export interface DriverStatus {
  state: ScannerState;
  device: string | null;
  message: string | null;
  /** What the message says as a code the UI words itself; a message without one has none. */
  messageCode?: string | null;
  messageParams?: Record<string, string | number>;
  reconnectAttempt: number;
}

/**
 * A scanner connection the manager owns. `start` opens it and keeps it open — re-opening after an
 * unplug with bounded backoff — until `stop`. UnifiedPOS calls this open → claim → enable.
 */
export interface ScannerDriver {
  start(): void;
  stop(): Promise<void>;
  onScan(listener: (scan: RawScan) => void): void;
  onStatus(listener: (status: DriverStatus) => void): void;
}

/** Listener plumbing shared by the drivers. */
export class DriverEvents {
  private scanListeners: ((scan: RawScan) => void)[] = [];
  private statusListeners: ((status: DriverStatus) => void)[] = [];
  status: DriverStatus = { state: 'connecting', device: null, message: null, reconnectAttempt: 0 };

  onScan(listener: (scan: RawScan) => void): void {
    this.scanListeners.push(listener);
  }

  onStatus(listener: (status: DriverStatus) => void): void {
    this.statusListeners.push(listener);
  }

  scan(scan: RawScan): void {
    for (const listener of this.scanListeners) listener(scan);
  }

  setStatus(patch: Partial<DriverStatus>): void {
    // A new message without a code must not keep the code (and words) of the one before.
    const reworded = 'message' in patch && !('messageCode' in patch) ? { messageCode: null, messageParams: undefined } : {};
    this.status = { ...this.status, ...reworded, ...patch };
    for (const listener of this.statusListeners) listener(this.status);
  }
}

/** USB ids as settings store them ("05e0", "0x05E0") compared with what the OS reports. */
export function sameUsbId(configured: string, reported: string | number | undefined): boolean {
  if (!configured || reported === undefined) return false;
  const a = parseInt(configured.replace(/^0x/i, ''), 16);
  const b = typeof reported === 'number' ? reported : parseInt(String(reported).replace(/^0x/i, ''), 16);
  return Number.isFinite(a) && a === b;
}

export const hex4 = (n: number): string => n.toString(16).padStart(4, '0');
