import { randomInt } from 'node:crypto';
import type { Settings } from '../../../preload/contract';
import type { PairingMatch, PairingState } from '../../../preload/schemas/scanning';
import { CompanionError } from '../common/errors';
import type { Logger } from '../logging/logger';
import { stripAim } from './aim';
import type { ScannerDriver } from './drivers/driver';
import { describeHid, HidScannerDriver, isPosScanner, type HidLib } from './drivers/hid-driver';
import { SerialScannerDriver } from './drivers/serial-driver';
import type { RawScan, ScanIntake } from './scan-intake';
import type { ScannerManager } from './scanner-manager';
import { serialPort } from './drivers/serial-lib';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const PAIRING_MS = 120_000;

export interface PairingDeps {
  settings: () => Settings;
  manager: ScannerManager;
  hid: () => Promise<HidLib>;
  logger: Logger;
  listSerial?: () => Promise<{ path: string; vendorId?: string; productId?: string }[]>;
  now?: () => Date;
}

const idle = (): PairingState => ({ active: false, code: null, qrDataUrl: null, expiresAt: null, listening: [], match: null, message: null });

/**
 * "Scan this code": shows a one-time code, listens on every candidate scanner (HID POS interfaces,
 * USB serial ports, the wedge detector in the window) and reports which one produced it, so the
 * manager can save exactly that device. Keyboards and mice are never candidates.
 */
export class Pairing {
  private state: PairingState = idle();
  private listeners: ScannerDriver[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly changeListeners = new Set<(state: PairingState) => void>();

  constructor(private readonly deps: PairingDeps) {}

  get(): PairingState {
    return this.state;
  }

  onChange(listener: (state: PairingState) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Wired into the scan intake: consumes the scan when it is the pairing code. */
  readonly consume = (text: string, raw: RawScan): boolean => {
    if (!this.state.active || this.state.match || !this.state.code) return false;
    if (stripAim(text.trim()).rest.trim() !== this.state.code) return false;
    const match: PairingMatch = raw.identity ?? { kind: raw.source === 'hid' || raw.source === 'serial' ? raw.source : 'wedge', device: raw.device ?? 'keyboard (wedge)' };
    void this.stopListening();
    this.set({ match, message: `Found: ${match.device}` });
    return true;
  };

  async start(intake: ScanIntake): Promise<PairingState> {
    await this.cancel();
    const code = `PAIR-${Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')}`;
    // QR codes are drawn only here: the package loads on the first pairing, not at start.
    const { default: QRCode } = await import('qrcode');
    const svg = await QRCode.toString(code, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    await this.deps.manager.suspend();
    // The keyboard wedge listens too, always: the UI says so in its own words.
    const listening: string[] = [];
    const problems: string[] = [];
    const settings = this.deps.settings();

    try {
      const lib = await this.deps.hid();
      for (const device of (await lib.devicesAsync()).filter(isPosScanner)) {
        if (!device.path) continue;
        this.listen(new HidScannerDriver({ path: device.path, vendorId: '', productId: '', layout: 'auto', posModeReport: '' }, async () => lib, this.deps.logger, { once: true }), intake);
        listening.push(describeHid(device));
      }
    } catch (error) {
      problems.push(`HID scanners cannot be listed: ${(error as Error).message}`);
    }
    const ports = await (this.deps.listSerial ?? (async () => (await serialPort()).list()))().catch(() => []);
    const paths = new Set(ports.filter((p) => p.vendorId).map((p) => p.path));
    if (settings.scanner.serial.path) paths.add(settings.scanner.serial.path);
    for (const path of paths) {
      const port = ports.find((p) => p.path === path);
      const config = { ...settings.scanner.serial, path, vendorId: port?.vendorId ?? '', productId: port?.productId ?? '' };
      this.listen(new SerialScannerDriver(config, this.deps.logger, { once: true }), intake);
      listening.push(`${path} at ${config.baudRate} baud`);
    }

    this.timer = setTimeout(() => void this.cancel('No scan arrived in time. Start again when the scanner is ready.', 'timeout'), PAIRING_MS);
    this.timer.unref();
    const now = this.deps.now?.() ?? new Date();
    this.set({
      active: true,
      code,
      qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
      expiresAt: new Date(now.getTime() + PAIRING_MS).toISOString(),
      listening,
      match: null,
      message: problems.length ? problems.join('; ') : 'Scan the code with the scanner you want to use.',
    });
    return this.state;
  }

  private listen(driver: ScannerDriver, intake: ScanIntake): void {
    driver.onScan((raw) => intake.receive(raw));
    driver.start();
    this.listeners.push(driver);
  }

  private async stopListening(): Promise<void> {
    const drivers = this.listeners;
    this.listeners = [];
    await Promise.all(drivers.map((d) => d.stop()));
  }

  async cancel(message: string | null = null, messageCode: string | null = null): Promise<PairingState> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const wasActive = this.state.active;
    await this.stopListening();
    if (wasActive) await this.deps.manager.resume();
    this.set({ ...idle(), message, ...(messageCode ? { messageCode } : {}) });
    return this.state;
  }

  /** The scanner settings that select the matched device. */
  matchedSettings(): Record<string, unknown> {
    const match = this.state.match;
    if (!match) throw new CompanionError('invalid_input', 'No scanner has been identified yet: scan the pairing code first.');
    if (match.kind === 'serial') {
      return { scanner: { kind: 'serial', serial: { path: match.path ?? '', vendorId: match.vendorId ?? '', productId: match.productId ?? '', ...(match.baudRate ? { baudRate: match.baudRate } : {}) } } };
    }
    if (match.kind === 'hid') return { scanner: { kind: 'hid', hid: { path: match.path ?? '', vendorId: match.vendorId ?? '', productId: match.productId ?? '' } } };
    return { scanner: { kind: 'wedge' } };
  }

  private set(patch: Partial<PairingState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.changeListeners) listener(this.state);
  }
}
