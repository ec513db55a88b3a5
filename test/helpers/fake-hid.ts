import { EventEmitter } from 'node:events';
import type { Device } from 'node-hid';
import type { HidLib } from '../../main/core/scanning/drivers/hid-driver';

/**
 * Stands in for node-hid and the USB bus (no USB hardware here). Records which paths were opened,
 * so tests can prove keyboards and mice never are.
 */
export class FakeHidDevice extends EventEmitter {
  closed = false;
  featureReports: number[][] = [];
  constructor(readonly path: string) {
    super();
  }
  async close(): Promise<void> {
    this.closed = true;
  }
  async sendFeatureReport(data: number[] | Buffer): Promise<number> {
    this.featureReports.push([...data]);
    return data.length;
  }
}

export class FakeHidBus {
  devices: Device[] = [];
  opened: FakeHidDevice[] = [];
  openLog: string[] = [];

  lib(): HidLib {
    return {
      devicesAsync: async () => this.devices.map((d) => ({ ...d })),
      open: async (path: string) => {
        this.openLog.push(path);
        if (!this.devices.some((d) => d.path === path)) throw new Error(`could not open ${path}`);
        const device = new FakeHidDevice(path);
        this.opened.push(device);
        return device as never;
      },
    };
  }

  /** Unplug: the open handle gets a read error and the device leaves the bus. */
  unplug(path: string): void {
    this.devices = this.devices.filter((d) => d.path !== path);
    for (const d of this.opened.filter((o) => o.path === path && !o.closed)) d.emit('error', new Error('could not read from HID device'));
  }

  last(path: string): FakeHidDevice {
    return this.opened.filter((o) => o.path === path).at(-1)!;
  }
}

/** One USB scanner with a keyboard interface (1/6) and a POS scanner interface (0x8C/2). */
export function scannerInterfaces(base = '/dev/hidraw'): Device[] {
  const common = { vendorId: 0x05e0, productId: 0x1300, manufacturer: 'Zebra', product: 'DS2208', release: 1 };
  return [
    { ...common, path: `${base}0`, interface: 0, usagePage: 0x01, usage: 0x06 },
    { ...common, path: `${base}1`, interface: 1, usagePage: 0x8c, usage: 0x02 },
    { vendorId: 0x046d, productId: 0xc52b, product: 'Mouse', release: 1, path: `${base}2`, interface: 0, usagePage: 0x01, usage: 0x02 },
  ];
}
