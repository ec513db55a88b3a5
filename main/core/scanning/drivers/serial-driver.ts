import fs from 'node:fs';
import type { SerialPort } from 'serialport';
import { serialPort } from './serial-lib';
import type { Settings } from '../../../../preload/contract';
import type { Logger } from '../../logging/logger';
import { RetryTimer, type RetryPolicy } from '../../common/retry';
import { createFramer, type Frame } from '../framer';
import { DriverEvents, sameUsbId, type ScannerDriver } from './driver';

export type SerialConfig = Settings['scanner']['serial'];

export interface SerialDriverOptions {
  backoff?: RetryPolicy;
  /** How often to check that the device node still exists (unplug detection). */
  watchdogMs?: number;
  /** Open once, never reconnect (pairing listens to each port for a while only). */
  once?: boolean;
}

const DEFAULT_BACKOFF: RetryPolicy = { initialMs: 250, maxMs: 10_000, jitter: 0.3 };

/**
 * A serial (RS-232 / USB-COM) scanner. serialport has no auto-reconnect and on some platforms does
 * not even emit `close` on unplug, so this driver watches the device node itself, re-enumerates
 * after a drop (finding the scanner again by USB vendor/product id, else by path) and re-opens with
 * bounded backoff.
 */
export class SerialScannerDriver extends DriverEvents implements ScannerDriver {
  private port: SerialPort | null = null;
  private path: string | null = null;
  private stopped = true;
  private readonly reconnect: RetryTimer;
  private idleTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private framer;

  constructor(
    private readonly config: SerialConfig,
    private readonly logger: Logger,
    private readonly options: SerialDriverOptions = {},
  ) {
    super();
    this.framer = createFramer(config.terminator);
    this.reconnect = new RetryTimer(options.backoff ?? DEFAULT_BACKOFF);
  }

  private describe(path: string | null): string {
    const ids = this.config.vendorId && this.config.productId ? ` (${this.config.vendorId}:${this.config.productId})` : '';
    return `${path ?? this.config.path ?? 'serial port'}${ids}`;
  }

  start(): void {
    this.stopped = false;
    this.setStatus({ state: 'connecting', device: this.describe(this.config.path || null), message: null });
    void this.connect();
    if (process.platform !== 'win32') {
      this.watchdog = setInterval(() => this.checkPresent(), this.options.watchdogMs ?? 1000);
      this.watchdog.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.reconnect.cancel();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.setStatus({ state: 'disabled', message: null });
  }

  /** The OS path of the scanner: by USB ids when configured (paths change on re-plug), else the path. */
  private async resolvePath(): Promise<string | null> {
    const { vendorId, productId, path } = this.config;
    if (vendorId && productId) {
      const ports = await (await serialPort()).list().catch(() => []);
      const found = ports.find((p) => sameUsbId(vendorId, p.vendorId) && sameUsbId(productId, p.productId));
      if (found) return found.path;
    }
    if (path && (process.platform === 'win32' || fs.existsSync(path))) return path;
    return null;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const path = await this.resolvePath();
    if (this.stopped) return;
    if (!path) return this.retry(`${this.describe(null)} not found`);
    const { baudRate, dataBits, parity, stopBits } = this.config;
    const SerialPortClass = await serialPort();
    if (this.stopped) return;
    const port = new SerialPortClass({ path, baudRate, dataBits, parity, stopBits, autoOpen: false, lock: true });
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    port.on('close', () => this.dropped(port, 'the port was closed'));
    port.on('error', (error: Error) => this.dropped(port, error.message));
    port.open((error) => {
      if (this.stopped) return void (port.isOpen && port.close());
      if (error) return this.retry(`cannot open ${path}: ${error.message}`);
      this.port = port;
      this.path = path;
      this.reconnect.succeeded();
      this.setStatus({ state: 'connected', device: this.describe(path), message: null, reconnectAttempt: 0 });
      this.logger.info(`serial scanner connected on ${path} at ${baudRate} baud`);
    });
  }

  private onData(chunk: Buffer): void {
    this.emitFrames(this.framer.push(chunk));
    if (this.config.terminator === 'none') {
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.emitFrames(this.framer.flush()), this.config.idleTimeoutMs);
    }
  }

  private emitFrames(frames: Frame[]): void {
    const device = this.path ?? undefined;
    const identity = {
      kind: 'serial' as const,
      device: this.describe(this.path),
      path: this.path ?? undefined,
      vendorId: this.config.vendorId || undefined,
      productId: this.config.productId || undefined,
      baudRate: this.config.baudRate,
    };
    for (const frame of frames) {
      if (frame.kind === 'overflow') {
        this.scan({
          source: 'serial',
          device,
          refused: { code: 'too_long', reason: `Not a loyalty card: the scanner sent ${frame.size} bytes without an end. Check the terminator setting.` },
        });
      } else {
        this.scan({ source: 'serial', device, bytes: frame.bytes, identity });
      }
    }
  }

  private checkPresent(): void {
    if (this.port && this.path && !fs.existsSync(this.path)) {
      // Unplugged without a close event: treat it as a drop.
      const port = this.port;
      this.dropped(port, 'the device was removed');
      if (port.isOpen) port.close(() => undefined);
    }
  }

  private dropped(port: SerialPort, reason: string): void {
    if (this.port !== port) return;
    this.port = null;
    this.emitFrames(this.framer.flush());
    this.logger.warn(`serial scanner disconnected: ${reason}`);
    this.setStatus({ state: 'disconnected', message: reason, messageCode: 'lost', messageParams: { reason } });
    this.retry(reason);
  }

  private retry(reason: string): void {
    if (this.stopped) return;
    if (this.options.once) {
      this.setStatus({ state: 'error', message: reason, messageCode: 'lost', messageParams: { reason } });
      return;
    }
    const delay = this.reconnect.schedule(() => void this.connect());
    this.setStatus({ state: 'reconnecting', message: `${reason}; retrying in ${(delay / 1000).toFixed(1)} s`, messageCode: 'reconnecting', messageParams: { reason, seconds: Math.round(delay / 100) / 10 }, reconnectAttempt: this.reconnect.attempt });
  }
}
