import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseHidLayout, sysfsReportDescriptor, type HidHandle } from '../../../main/core/scanning/drivers/hid-layout-choice';
import { HID_PRESETS } from '../../../main/core/scanning/hid-pos-decoder';
import { vendorProfile } from '../../../main/core/scanning/hid-vendor-profiles';
import { AIM_DESCRIPTOR, NO_AIM_DESCRIPTOR } from '../../fixtures/hid-pos/descriptors';

const handle = (getReportDescriptor?: HidHandle['getReportDescriptor']): HidHandle => ({ on: () => undefined, close: async () => undefined, sendFeatureReport: async () => 0, ...(getReportDescriptor ? { getReportDescriptor } : {}) }) as never;
const zebra = { path: '/dev/hidraw1', vendorId: 0x05e0 };
const honeywell = { path: '/dev/hidraw1', vendorId: 0x0c2e };

describe('choosing a HID POS report layout', () => {
  let dir: string | null = null;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = null;
  });

  it('reads /sys/class/hidraw/hidrawN/device/report_descriptor for a /dev/hidrawN path, and nothing else', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hidraw-'));
    await mkdir(join(dir, 'hidraw7', 'device'), { recursive: true });
    await writeFile(join(dir, 'hidraw7', 'device', 'report_descriptor'), AIM_DESCRIPTOR);
    expect(await sysfsReportDescriptor('/dev/hidraw7', dir)).toEqual(AIM_DESCRIPTOR);
    expect(await sysfsReportDescriptor('/dev/hidraw8', dir)).toBeNull(); // not there
    expect(await sysfsReportDescriptor('/dev/hidraw7/../../etc/passwd', dir)).toBeNull();
    expect(await sysfsReportDescriptor('\\\\?\\hid#vid_05e0&pid_1300', dir)).toBeNull(); // a Windows path
  });

  it('the setting, when not automatic, wins without reading anything', async () => {
    let asked = false;
    const choice = await chooseHidLayout('vendor-62', honeywell, handle(() => ((asked = true), Buffer.from(AIM_DESCRIPTOR))), {});
    expect(choice).toEqual({ layout: 'vendor-62', name: 'vendor-62', source: 'setting' });
    expect(asked).toBe(false);
  });

  it('takes the descriptor from node-hid first (sync or async, Buffer or array), then from the OS', async () => {
    const os = { reportDescriptor: async () => NO_AIM_DESCRIPTOR };
    expect(await chooseHidLayout('auto', zebra, handle(() => [...AIM_DESCRIPTOR]), os)).toEqual({ layout: HID_PRESETS.aim, name: 'aim', source: 'report descriptor, from node-hid' });
    expect(await chooseHidLayout('auto', zebra, handle(async () => Buffer.from(AIM_DESCRIPTOR)), os)).toMatchObject({ name: 'aim' });
    expect(await chooseHidLayout('auto', zebra, handle(), os)).toMatchObject({ name: 'no-aim', source: 'report descriptor, from sysfs' });
    // node-hid failing or returning nothing is not the end: the OS is asked next.
    const failing = handle(() => {
      throw new Error('not supported on this backend');
    });
    expect(await chooseHidLayout('auto', zebra, failing, os)).toMatchObject({ name: 'no-aim' });
    expect(await chooseHidLayout('auto', zebra, handle(() => []), os)).toMatchObject({ name: 'no-aim' });
  });

  it('falls back to the vendor profile, then to automatic detection, never throwing', async () => {
    const broken = { reportDescriptor: async () => Promise.reject(new Error('EACCES')) };
    expect(await chooseHidLayout('auto', honeywell, handle(), broken)).toEqual({ layout: 'aim', name: 'aim', source: 'no report descriptor; vendor profile: Honeywell' });
    expect(await chooseHidLayout('auto', zebra, handle(), broken)).toEqual({ layout: 'auto', name: 'automatic', source: 'no report descriptor, no vendor profile' });
    const garbage = { reportDescriptor: async () => Uint8Array.from([0x05, 0x8c, 0xa1]) };
    expect(await chooseHidLayout('auto', zebra, handle(), garbage)).toMatchObject({ layout: 'auto', source: 'report descriptor (sysfs) not understood, no vendor profile' });
  });

  it('knows only the makes it can vouch for', () => {
    expect(vendorProfile(0x0c2e)).toEqual({ make: 'Honeywell', layout: 'aim' });
    expect(vendorProfile(0x05e0)).toBeNull();
    expect(vendorProfile(undefined)).toBeNull();
  });
});
