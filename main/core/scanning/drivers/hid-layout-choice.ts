import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Device, HIDAsync } from 'node-hid';
import { layoutFromDescriptor } from '../hid-descriptor';
import { describeLayout, type HidLayout, type HidReportLayout } from '../hid-pos-decoder';
import { vendorProfile } from '../hid-vendor-profiles';

/** An open device. Newer node-hid versions add `getReportDescriptor`; 3.4 has none. */
export type HidHandle = Pick<HIDAsync, 'on' | 'close' | 'sendFeatureReport'> & {
  getReportDescriptor?: () => Buffer | number[] | Promise<Buffer | number[]>;
};

/** The one thing of HidLib this module needs: the descriptor of a device by path, where the OS offers it. */
export interface DescriptorReader {
  reportDescriptor?(path: string): Promise<Uint8Array | null>;
}

/**
 * Linux publishes each hidraw device's report descriptor in sysfs, readable by anyone, so it is there
 * even where node-hid cannot return it. Null for any other path, or when it cannot be read.
 */
export async function sysfsReportDescriptor(path: string, root = '/sys/class/hidraw'): Promise<Uint8Array | null> {
  const node = /^\/dev\/(hidraw\d+)$/.exec(path)?.[1];
  if (!node) return null;
  try {
    return new Uint8Array(await readFile(join(root, node, 'device', 'report_descriptor')));
  } catch {
    return null;
  }
}

async function readDescriptor(handle: HidHandle, path: string, lib: DescriptorReader): Promise<{ bytes: Uint8Array; from: string } | null> {
  // A device's own bytes must never stop it from connecting: any failure here is just "no descriptor".
  try {
    if (typeof handle.getReportDescriptor === 'function') {
      const bytes = await handle.getReportDescriptor();
      if (bytes.length > 0) return { bytes: Uint8Array.from(bytes), from: 'node-hid' };
    }
  } catch {
    // fall through to the OS
  }
  try {
    const bytes = lib.reportDescriptor ? await lib.reportDescriptor(path) : null;
    if (bytes && bytes.length > 0) return { bytes, from: 'sysfs' };
  } catch {
    // no descriptor
  }
  return null;
}

export interface LayoutChoice {
  layout: HidLayout | HidReportLayout;
  /** e.g. "aim", or the offsets of a layout no preset has. */
  name: string;
  /** What decided it, for the log and the status line. */
  source: string;
}

/**
 * The report layout for an opened scanner: the setting when it is not automatic; else the one its
 * report descriptor declares; else its make's profile; else automatic detection per report.
 */
export async function chooseHidLayout(setting: HidLayout, device: Pick<Device, 'path' | 'vendorId'>, handle: HidHandle, lib: DescriptorReader): Promise<LayoutChoice> {
  if (setting !== 'auto') return { layout: setting, name: setting, source: 'setting' };
  const descriptor = await readDescriptor(handle, device.path ?? '', lib);
  const derived = descriptor ? layoutFromDescriptor(descriptor.bytes) : null;
  if (derived) return { layout: derived, name: describeLayout(derived), source: `report descriptor, from ${descriptor!.from}` };
  const profile = vendorProfile(device.vendorId);
  const unread = descriptor ? `report descriptor (${descriptor.from}) not understood` : 'no report descriptor';
  if (profile) return { layout: profile.layout, name: profile.layout, source: `${unread}; vendor profile: ${profile.make}` };
  return { layout: 'auto', name: 'automatic', source: `${unread}, no vendor profile` };
}
