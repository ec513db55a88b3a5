import type { Device, HIDAsync } from 'node-hid';
import type { Settings } from '../../../../preload/contract';
import type { Logger } from '../../logging/logger';
import { RetryTimer, type RetryPolicy } from '../../common/retry';
import { createHidAssembler } from '../hid-pos-decoder';
import { DriverEvents, hex4, sameUsbId, type ScannerDriver } from './driver';
import { chooseHidLayout, sysfsReportDescriptor, type HidHandle } from './hid-layout-choice';

export type HidConfig = Settings['scanner']['hid'];

/** The part of node-hid (and the OS) the driver uses; injected so tests can stand in for USB hardware. */
export interface HidLib {
  devicesAsync(): Promise<Device[]>;
  open(path: string): Promise<HidHandle>;
  /** A device's report descriptor by path, where the OS offers it without node-hid (Linux sysfs). */
  reportDescriptor?(path: string): Promise<Uint8Array | null>;
}

/** node-hid, loaded on first use: a till without HID scanners never loads the native module. */
export async function loadNodeHid(): Promise<HidLib> {
  const hid = (await import('node-hid')).default;
  const open = (path: string): Promise<HIDAsync> => hid.HIDAsync.open(path);
  return { devicesAsync: () => hid.devicesAsync(), open, ...(process.platform === 'linux' ? { reportDescriptor: (path: string) => sysfsReportDescriptor(path) } : {}) };
}

export const POS_SCANNER_USAGE_PAGE = 0x8c;
export const isPosScanner = (d: Device): boolean => d.usagePage === POS_SCANNER_USAGE_PAGE;
/** Generic Desktop keyboard (usage 6) or mouse (usage 2): the OS owns these, and we never open them. */
export const isKeyboardOrMouse = (d: Device): boolean => d.usagePage === 1 && (d.usage === 6 || d.usage === 2);

export function describeHid(d: Pick<Device, 'vendorId' | 'productId' | 'product' | 'manufacturer'>): string {
  const name = [d.manufacturer, d.product].filter(Boolean).join(' ') || 'HID scanner';
  return `${name} (${hex4(d.vendorId)}:${hex4(d.productId)})`;
}

/** "fd 03 10" or "fd0310" → [0xfd, 0x03, 0x10] (the settings schema allows only hex byte pairs). */
export function parseHexBytes(text: string): number[] {
  return (text.replace(/\s+/g, '').match(/../g) ?? []).map((h) => parseInt(h, 16));
}

export interface HidDriverOptions {
  backoff?: RetryPolicy;
  once?: boolean;
}

const DEFAULT_BACKOFF: RetryPolicy = { initialMs: 500, maxMs: 15_000, jitter: 0.3 };

/**
 * A USB HID POS scanner (usage page 0x8C). Only the paired POS-scanner interface is ever opened —
 * never a keyboard or mouse interface, even of the same device. An unplug shows up as a read
 * error; the driver then re-enumerates and re-opens with bounded backoff.
 */
export class HidScannerDriver extends DriverEvents implements ScannerDriver {
  private device: Awaited<ReturnType<HidLib['open']>> | null = null;
  private stopped = true;
  private readonly reconnect: RetryTimer;
  private assembler: ReturnType<typeof createHidAssembler>;

  constructor(
    private readonly config: HidConfig,
    private readonly lib: () => Promise<HidLib>,
    private readonly logger: Logger,
    private readonly options: HidDriverOptions = {},
  ) {
    super();
    this.assembler = createHidAssembler(4096, config.layout);
    this.reconnect = new RetryTimer(options.backoff ?? DEFAULT_BACKOFF);
  }

  start(): void {
    this.stopped = false;
    this.setStatus({ state: 'connecting', device: this.config.path || `${this.config.vendorId}:${this.config.productId}`, message: null });
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.reconnect.cancel();
    const device = this.device;
    this.device = null;
    await device?.close().catch(() => undefined);
    this.setStatus({ state: 'disabled', message: null });
  }

  /** The configured scanner among the present devices, refusing anything that is not a POS scanner interface. */
  private pick(devices: Device[]): { device?: Device; problem?: string } {
    const { path, vendorId, productId } = this.config;
    const matches = devices.filter((d) => (path && d.path === path) || (vendorId && productId && sameUsbId(vendorId, d.vendorId) && sameUsbId(productId, d.productId)));
    const scanner = matches.find(isPosScanner);
    if (scanner) return { device: scanner };
    if (matches.some(isKeyboardOrMouse)) {
      return { problem: 'the scanner presents itself as a keyboard; switch it to USB HID POS mode, or use it as a keyboard-wedge scanner' };
    }
    return { problem: matches.length ? 'the device has no HID POS scanner interface (usage page 0x8C)' : 'scanner not found' };
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let lib: HidLib;
    let devices: Device[];
    try {
      lib = await this.lib();
      devices = await lib.devicesAsync();
    } catch (error) {
      return this.retry(`cannot list HID devices: ${(error as Error).message}`);
    }
    const { device, problem } = this.pick(devices);
    if (!device?.path) return this.retry(problem ?? 'scanner not found');
    try {
      const opened = await lib.open(device.path);
      if (this.stopped) return void (await opened.close());
      const report = parseHexBytes(this.config.posModeReport);
      if (report.length > 0) await opened.sendFeatureReport(report);
      const choice = await chooseHidLayout(this.config.layout, device, opened, lib);
      if (this.stopped) return void (await opened.close());
      this.device = opened;
      this.assembler = createHidAssembler(4096, choice.layout);
      const layoutNote = `Report layout: ${choice.name} (${choice.source})`;
      const identity = { kind: 'hid' as const, device: describeHid(device), path: device.path, vendorId: hex4(device.vendorId), productId: hex4(device.productId) };
      opened.on('data', (data: Buffer) => this.onReport(data, identity));
      opened.on('error', (error: Error) => this.dropped(opened, error.message));
      this.reconnect.succeeded();
      // The layout's name and where it came from are technical (bytes, bits); the UI words the line around them.
      this.setStatus({ state: 'connected', device: describeHid(device), message: layoutNote, messageCode: 'hid_layout', messageParams: { layout: choice.name, source: choice.source }, reconnectAttempt: 0 });
      this.logger.info(`HID POS scanner connected: ${describeHid(device)}; ${layoutNote}`);
    } catch (error) {
      this.retry(`cannot open the scanner: ${(error as Error).message}`);
    }
  }

  private onReport(data: Buffer, identity: { kind: 'hid'; device: string; path: string; vendorId: string; productId: string }): void {
    const result = this.assembler.push(data);
    if (!result) return;
    if ('error' in result) {
      this.logger.debug(`HID report ignored: ${result.error}`);
      return;
    }
    this.scan({ source: 'hid', device: identity.device, bytes: result.label.bytes, symbology: result.label.symbology, identity });
  }

  private dropped(device: NonNullable<typeof this.device>, reason: string): void {
    if (this.device !== device) return;
    this.device = null;
    void device.close().catch(() => undefined);
    this.logger.warn(`HID scanner disconnected: ${reason}`);
    this.setStatus({ state: 'disconnected', message: reason, messageCode: 'lost', messageParams: { reason } });
    this.retry(reason);
  }

  private retry(reason: string): void {
    if (this.stopped) return;
    if (this.options.once) return this.setStatus({ state: 'error', message: reason, messageCode: 'lost', messageParams: { reason } });
    const delay = this.reconnect.schedule(() => void this.connect());
    this.setStatus({ state: 'reconnecting', message: `${reason}; retrying in ${(delay / 1000).toFixed(1)} s`, messageCode: 'reconnecting', messageParams: { reason, seconds: Math.round(delay / 100) / 10 }, reconnectAttempt: this.reconnect.attempt });
  }
}
