import type { Settings } from '../../../preload/contract';
import type { ScannerStatus } from '../../../preload/schemas/scanning';
import type { Logger } from '../logging/logger';
import type { DriverStatus, ScannerDriver } from './drivers/driver';
import { HidScannerDriver, type HidLib } from './drivers/hid-driver';
import { SerialScannerDriver } from './drivers/serial-driver';
import type { ScanIntake } from './scan-intake';

type ScannerSettings = Settings['scanner'];

export interface ScannerManagerDeps {
  settings: () => ScannerSettings;
  intake: ScanIntake;
  hid: () => Promise<HidLib>;
  logger: Logger;
  now?: () => Date;
}

/**
 * Owns the one active scanner configured in settings: creates its driver, keeps it running, swaps
 * it when the settings change, pauses it while pairing, and reports its status.
 */
export class ScannerManager {
  private driver: ScannerDriver | null = null;
  private configKey = '';
  private current: ScannerStatus;
  private suspended = false;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => Date;

  constructor(private readonly deps: ScannerManagerDeps) {
    this.now = deps.now ?? (() => new Date());
    this.current = this.statusFor('none', { state: 'disabled', device: null, message: null, reconnectAttempt: 0 });
    deps.intake.onScan((scan) => {
      if (scan.source === this.current.kind) this.update({ lastScanAt: scan.at });
    });
  }

  status(): ScannerStatus {
    return this.current;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts or re-starts the driver if the scanner settings changed (or unconditionally with force). */
  async apply(force = false): Promise<void> {
    const settings = this.deps.settings();
    const key = JSON.stringify([settings.kind, settings.kind === 'serial' ? settings.serial : settings.kind === 'hid' ? settings.hid : null]);
    if (!force && key === this.configKey) return;
    this.configKey = key;
    await this.stopDriver();
    if (this.suspended) return;
    const kind = settings.kind;
    if (kind === 'serial' || kind === 'hid') {
      const driver =
        kind === 'serial'
          ? new SerialScannerDriver(settings.serial, this.deps.logger.child('serial'))
          : new HidScannerDriver(settings.hid, this.deps.hid, this.deps.logger.child('hid'));
      this.driver = driver;
      driver.onStatus((s) => {
        if (this.driver === driver) this.setDriverStatus(kind, s);
      });
      driver.onScan((raw) => this.deps.intake.receive(raw));
      driver.start();
    } else if (kind === 'wedge') {
      this.setDriverStatus('wedge', { state: 'connected', device: 'keyboard (wedge)', message: 'Reads scans typed into this window while it has focus', messageCode: 'wedge', reconnectAttempt: 0 });
    } else {
      this.setDriverStatus('none', { state: 'disabled', device: null, message: null, reconnectAttempt: 0 });
    }
  }

  /** Pairing needs the ports to itself. */
  async suspend(): Promise<void> {
    this.suspended = true;
    await this.stopDriver();
    this.update({ state: 'disabled', message: 'Paused while pairing a scanner', messageCode: 'pairing', messageParams: undefined });
  }

  async resume(): Promise<void> {
    this.suspended = false;
    await this.apply(true);
  }

  async close(): Promise<void> {
    await this.stopDriver();
  }

  private async stopDriver(): Promise<void> {
    const driver = this.driver;
    this.driver = null;
    await driver?.stop();
  }

  private statusFor(kind: ScannerStatus['kind'], s: DriverStatus): ScannerStatus {
    return { kind, state: s.state, device: s.device, message: s.message, messageCode: s.messageCode ?? null, ...(s.messageParams ? { messageParams: s.messageParams } : {}), reconnectAttempt: s.reconnectAttempt, since: this.now().toISOString(), lastScanAt: null };
  }

  private setDriverStatus(kind: ScannerStatus['kind'], s: DriverStatus): void {
    const prev = this.current;
    const since = prev.state === s.state && prev.kind === kind ? prev.since : this.now().toISOString();
    this.current = { ...this.statusFor(kind, s), since, lastScanAt: prev.lastScanAt };
    this.changed();
  }

  private update(patch: Partial<ScannerStatus>): void {
    this.current = { ...this.current, ...patch };
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
