import { EventEmitter } from 'node:events';
import type { Device } from 'node-hid';
import type { HidLib } from '../../main/core/scanning/drivers/hid-driver';

/**
 * Stands in for node-hid and the USB bus (no USB hardware here). Records which paths were opened,
 * so tests can prove keyboards and mice never are. A device's report descriptor can be offered as a
 * newer node-hid does (`getReportDescriptor` on the open handle) or as Linux does (sysfs, by path).
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
  /** Report descriptors the open handle returns from getReportDescriptor(); a path not here has no such method. */
  handleDescriptors = new Map<string, Uint8Array>();
  /** Report descriptors the OS offers by path (Linux sysfs). */
  osDescriptors = new Map<string, Uint8Array>();

  lib(): HidLib {
    return {
      devicesAsync: async () => this.devices.map((d) => ({ ...d })),
      open: async (path: string) => {
        this.openLog.push(path);
        if (!this.devices.some((d) => d.path === path)) throw new Error(`could not open ${path}`);
        const device = new FakeHidDevice(path);
        const descriptor = this.handleDescriptors.get(path);
        if (descriptor) Object.assign(device, { getReportDescriptor: async () => Buffer.from(descriptor) });
        this.opened.push(device);
        return device as never;
      },
      reportDescriptor: async (path: string) => this.osDescriptors.get(path) ?? null,
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

const ZEBRA = { vendorId: 0x05e0, productId: 0x1300, manufacturer: 'Zebra', product: 'DS2208' };
export const HONEYWELL = { vendorId: 0x0c2e, productId: 0x0b8f, manufacturer: 'Honeywell', product: 'Voyager 1400g' };

/** One USB scanner with a keyboard interface (1/6) and a POS scanner interface (0x8C/2). */
export function scannerInterfaces(base = '/dev/hidraw', make: Pick<Device, 'vendorId' | 'productId' | 'manufacturer' | 'product'> = ZEBRA): Device[] {
  const common = { ...make, release: 1 };
  return [
    { ...common, path: `${base}0`, interface: 0, usagePage: 0x01, usage: 0x06 },
    { ...common, path: `${base}1`, interface: 1, usagePage: 0x8c, usage: 0x02 },
    { vendorId: 0x046d, productId: 0xc52b, product: 'Mouse', release: 1, path: `${base}2`, interface: 0, usagePage: 0x01, usage: 0x02 },
  ];
}
