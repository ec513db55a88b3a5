import { afterEach, describe, expect, it } from 'vitest';
import type { ScanRecord } from '../../preload/contract';
import { Settings } from '../../preload/schemas/settings';
import { createMemoryLogger } from '../../main/core/logging/logger';
import type { DriverStatus } from '../../main/core/scanning/drivers/driver';
import { HidScannerDriver, parseHexBytes } from '../../main/core/scanning/drivers/hid-driver';
import { encodeHidReports } from '../../main/core/scanning/hid-pos-decoder';
import { ScanIntake } from '../../main/core/scanning/scan-intake';
import type { RawScan } from '../../main/core/scanning/scan-intake';
import { AIM_DESCRIPTOR, COMPACT_DESCRIPTOR, NO_AIM_DESCRIPTOR } from '../fixtures/hid-pos/descriptors';
import { CARDU_URL, FIXTURES } from '../fixtures/hid-pos/labels';
import { FakeHidBus, HONEYWELL, scannerInterfaces } from '../helpers/fake-hid';
import { waitFor } from '../helpers/pty';

describe('USB HID POS scanner driver (USB bus simulated)', () => {
  let driver: HidScannerDriver | null = null;
  afterEach(async () => driver?.stop());

  function setup(bus: FakeHidBus, hid: Partial<Settings['scanner']['hid']>) {
    const config = { ...Settings.parse({}).scanner.hid, ...hid };
    const intake = new ScanIntake({ rule: () => Settings.parse({}).cardRule, sameCardWindowMs: () => 0 });
    const scans: ScanRecord[] = [];
    const raws: RawScan[] = [];
    const statuses: DriverStatus[] = [];
    const logger = createMemoryLogger();
    intake.onScan((s) => scans.push(s));
    driver = new HidScannerDriver(config, async () => bus.lib(), logger, { backoff: { initialMs: 20, maxMs: 100, jitter: 0 } });
    driver.onScan((raw) => {
      raws.push(raw);
      intake.receive(raw);
    });
    driver.onStatus((s) => statuses.push({ ...s }));
    driver.start();
    return { scans, raws, statuses, logger };
  }

  const connected = (statuses: DriverStatus[]) => waitFor(() => statuses.some((s) => s.state === 'connected'), 2000, 'connect');
  const text = (raw: RawScan | undefined) => Buffer.from(raw?.bytes ?? []).toString('latin1');
  const reportsOf = (preset: string | null) => FIXTURES.find((f) => f.preset === preset)!.labels[0]!.reports;

  it('opens only the POS scanner interface, never the keyboard or the mouse', async () => {
    const bus = new FakeHidBus();
    bus.devices = scannerInterfaces();
    const { statuses } = setup(bus, { vendorId: '05e0', productId: '1300', posModeReport: 'fd 03 10' });
    await waitFor(() => statuses.some((s) => s.state === 'connected'), 2000, 'connect');
    expect(bus.openLog).toEqual(['/dev/hidraw1']);
    expect(bus.last('/dev/hidraw1').featureReports).toEqual([[0xfd, 0x03, 0x10]]);
    expect(statuses.at(-1)!.device).toBe('Zebra DS2208 (05e0:1300)');
  });

  it('reads single- and multi-report labels with their symbology', async () => {
    const bus = new FakeHidBus();
    bus.devices = scannerInterfaces();
    const { scans, statuses } = setup(bus, { path: '/dev/hidraw1' });
    await waitFor(() => statuses.some((s) => s.state === 'connected'), 2000, 'connect');
    const device = bus.last('/dev/hidraw1');
    for (const r of encodeHidReports(Buffer.from('CU-7H3K9P2A'), ']Q1')) device.emit('data', Buffer.from(r));
    const long = `LONG-${'X'.repeat(100)}`;
    for (const r of encodeHidReports(Buffer.from(long), ']d1')) device.emit('data', Buffer.from(r));
    device.emit('data', Buffer.from([1, 2, 3])); // a report of another id: ignored
    await waitFor(() => scans.length === 2, 2000, 'scans');
    expect(scans[0]).toMatchObject({ source: 'hid', cardId: 'CU-7H3K9P2A', symbology: 'QR Code' });
    expect(scans[1]).toMatchObject({ accepted: false, reasonCode: 'too_long', symbology: 'Data Matrix' });
  });

  it('refuses a scanner that only presents itself as a keyboard, with advice', async () => {
    const bus = new FakeHidBus();
    bus.devices = scannerInterfaces().filter((d) => d.usagePage !== 0x8c);
    const { statuses } = setup(bus, { vendorId: '05e0', productId: '1300' });
    await waitFor(() => statuses.some((s) => /keyboard/.test(s.message ?? '')), 2000, 'keyboard refusal');
    expect(bus.openLog).toEqual([]);
  });

  it('detects an unplug through the read error and reconnects when it returns', async () => {
    const bus = new FakeHidBus();
    bus.devices = scannerInterfaces();
    const { scans, statuses } = setup(bus, { vendorId: '05e0', productId: '1300' });
    await waitFor(() => statuses.some((s) => s.state === 'connected'), 2000, 'connect');
    bus.unplug('/dev/hidraw1');
    await waitFor(() => statuses.some((s) => s.state === 'disconnected'), 2000, 'disconnect');
    expect(bus.last('/dev/hidraw1').closed).toBe(true);
    await waitFor(() => statuses.filter((s) => s.state === 'reconnecting').length >= 2, 2000, 'retries');
    bus.devices = scannerInterfaces('/dev/hidraw1'); // back, on another path
    await waitFor(() => statuses.at(-1)!.state === 'connected', 2000, 'reconnect');
    expect(bus.openLog.at(-1)).toBe('/dev/hidraw11');
    for (const r of encodeHidReports(Buffer.from('CU-8D1F7G3J'))) bus.last('/dev/hidraw11').emit('data', Buffer.from(r));
    await waitFor(() => scans.length === 1, 2000, 'scan after reconnect');
    expect(bus.openLog.some((p) => p.endsWith('0') || p.endsWith('2'))).toBe(false);
  });

  it('parses hex feature reports', () => {
    expect(parseHexBytes('fd 03 10')).toEqual([0xfd, 0x03, 0x10]);
    expect(parseHexBytes('fd0310')).toEqual([0xfd, 0x03, 0x10]);
    expect(parseHexBytes('')).toEqual([]);
  });

  describe('report layout', () => {
    it('is derived from the report descriptor the open device returns, even one no preset has', async () => {
      const bus = new FakeHidBus();
      bus.devices = scannerInterfaces();
      bus.handleDescriptors.set('/dev/hidraw1', COMPACT_DESCRIPTOR);
      const { raws, statuses, logger } = setup(bus, { path: '/dev/hidraw1' });
      await connected(statuses);
      expect(statuses.at(-1)!.message).toBe('Report layout: report 3, length at byte 1, AIM id at 2–4, data at 5–36, more-follows bit 7 of byte 37 (report descriptor, from node-hid)');
      expect(logger.lines.some((l) => l.includes('Report layout: report 3') && l.includes('from node-hid'))).toBe(true);
      // Report id 3 with its flag in bit 7 of byte 37: automatic detection would drop every report.
      for (const r of reportsOf(null)) bus.last('/dev/hidraw1').emit('data', Buffer.from(r));
      await waitFor(() => raws.length === 1, 2000, 'scan');
      expect(text(raws[0])).toBe(CARDU_URL.toString('latin1'));
      expect(raws[0]!.symbology).toBe('QR Code');
    });

    it('is derived from the descriptor the OS offers (Linux sysfs) when node-hid returns none', async () => {
      const bus = new FakeHidBus();
      bus.devices = scannerInterfaces();
      bus.osDescriptors.set('/dev/hidraw1', NO_AIM_DESCRIPTOR);
      const { raws, statuses } = setup(bus, { path: '/dev/hidraw1' });
      await connected(statuses);
      expect(statuses.at(-1)!.message).toBe('Report layout: no-aim (report descriptor, from sysfs)');
      for (const r of reportsOf('no-aim')) bus.last('/dev/hidraw1').emit('data', Buffer.from(r));
      await waitFor(() => raws.length === 1, 2000, 'scan');
      expect(text(raws[0])).toBe(CARDU_URL.toString('latin1'));
    });

    it('comes from the vendor profile when there is no descriptor, and is automatic for a make without one', async () => {
      const bus = new FakeHidBus();
      bus.devices = scannerInterfaces('/dev/hidraw', HONEYWELL);
      const honeywell = setup(bus, { path: '/dev/hidraw1' });
      await connected(honeywell.statuses);
      expect(honeywell.statuses.at(-1)!.message).toBe('Report layout: aim (no report descriptor; vendor profile: Honeywell)');
      expect(honeywell.logger.lines.some((l) => l.includes('vendor profile: Honeywell'))).toBe(true);
      for (const r of reportsOf('aim')) bus.last('/dev/hidraw1').emit('data', Buffer.from(r));
      await waitFor(() => honeywell.raws.length === 1, 2000, 'scan');
      expect(text(honeywell.raws[0])).toBe(CARDU_URL.toString('latin1'));
      await driver!.stop();

      const zebra = new FakeHidBus();
      zebra.devices = scannerInterfaces();
      const { statuses } = setup(zebra, { path: '/dev/hidraw1' });
      await connected(statuses);
      expect(statuses.at(-1)!.message).toBe('Report layout: automatic (no report descriptor, no vendor profile)');
    });

    it('a descriptor it cannot read leaves the choice to the vendor profile', async () => {
      const bus = new FakeHidBus();
      bus.devices = scannerInterfaces('/dev/hidraw', HONEYWELL);
      bus.handleDescriptors.set('/dev/hidraw1', AIM_DESCRIPTOR.subarray(0, 40));
      const { statuses } = setup(bus, { path: '/dev/hidraw1' });
      await connected(statuses);
      expect(statuses.at(-1)!.message).toBe('Report layout: aim (report descriptor (node-hid) not understood; vendor profile: Honeywell)');
    });

    it('the layout setting wins over the descriptor, also after connecting', async () => {
      const bus = new FakeHidBus();
      bus.devices = scannerInterfaces();
      bus.handleDescriptors.set('/dev/hidraw1', AIM_DESCRIPTOR);
      const { raws, statuses } = setup(bus, { path: '/dev/hidraw1', layout: 'no-aim' });
      await connected(statuses);
      expect(statuses.at(-1)!.message).toBe('Report layout: no-aim (setting)');
      // Read as no-aim, the 11 label bytes start at the AIM id: proof the setting, not the descriptor, decoded it.
      for (const r of encodeHidReports(Buffer.from('CU-7H3K9P2A'), ']Q1')) bus.last('/dev/hidraw1').emit('data', Buffer.from(r));
      await waitFor(() => raws.length === 1, 2000, 'scan');
      expect(text(raws[0])).toBe(']Q1CU-7H3K9');
    });
  });
});
