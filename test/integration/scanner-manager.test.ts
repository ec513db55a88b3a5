import { afterEach, describe, expect, it } from 'vitest';
import type { PairingState, ScanRecord } from '../../preload/contract';
import type { Companion } from '../../main/core/companion';
import { encodeHidReports } from '../../main/core/scanning/hid-pos-decoder';
import { makeCompanion } from '../helpers/companion';
import { FakeHidBus, scannerInterfaces } from '../helpers/fake-hid';
import { createPtyPair, waitFor, type PtyPair } from '../helpers/pty';

describe('scanner manager and pairing, through the contract', () => {
  let companion: Companion | null = null;
  let pty: PtyPair | null = null;
  afterEach(async () => {
    await companion?.close();
    await pty?.close().catch(() => undefined);
    companion = null;
    pty = null;
  });

  it('runs the configured serial scanner, reports status and scans, and switches on settings change', async () => {
    pty = await createPtyPair();
    companion = await makeCompanion({ overrides: {} });
    const scans: ScanRecord[] = [];
    companion.events.on('scan', (s) => scans.push(s));
    await companion.api['settings.update']({ patch: { scanner: { kind: 'serial', serial: { path: pty.appPath, baudRate: 115200 } } } });
    await waitFor(() => companion!.scanning.manager.status().kind === 'serial' && companion!.scanning.manager.status().state === 'connected', 5000, 'connected');
    await pty.write('CU-7H3K9P2A\r6417182001239\r');
    await waitFor(() => scans.length === 2, 3000, 'scans');
    const recent = await companion.api['scans.recent']({});
    expect(recent.map((s) => [s.accepted, s.cardId ?? s.reason])).toEqual([
      [false, 'Not a loyalty card: this looks like an EAN-13 product code.'],
      [true, 'CU-7H3K9P2A'],
    ]);
    const status = await companion.api['status.get']({});
    expect(status.scanner).toMatchObject({ kind: 'serial', state: 'connected', device: pty.appPath });
    expect(status.scanner.lastScanAt).not.toBeNull();

    await companion.api['settings.update']({ patch: { scanner: { kind: 'none' } } });
    await waitFor(() => companion!.scanning.manager.status().state === 'disabled', 3000, 'disabled');
    await pty.write('CU-4M8Q1Z6T\r');
    await new Promise((r) => setTimeout(r, 200));
    expect(scans).toHaveLength(2);
  });

  it('pairs the serial port that scanned the code and saves it', async () => {
    pty = await createPtyPair();
    companion = await makeCompanion({}, undefined, { scanning: { hid: async () => new FakeHidBus().lib() } });
    await companion.api['settings.update']({ patch: { scanner: { kind: 'wedge', serial: { path: pty.appPath, baudRate: 115200 } } } });
    const started = await companion.api['scanner.pairing.start']({});
    expect(started.code).toMatch(/^PAIR-[A-Z2-9]{6}$/);
    expect(started.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(started.listening).toContain(`${pty.appPath} at 115200 baud`);
    const states: PairingState[] = [];
    companion.events.on('pairing', (s) => states.push(s));
    await new Promise((r) => setTimeout(r, 300));
    await pty.write(`]Q1${started.code}\r`);
    await waitFor(() => states.some((s) => s.match !== null), 3000, 'match');
    expect(states.at(-1)!.match).toMatchObject({ kind: 'serial', path: pty.appPath, baudRate: 115200 });
    // The pairing code is not a scan.
    expect(await companion.api['scans.recent']({})).toEqual([]);
    await companion.api['scanner.pairing.save']({});
    expect(companion.context.settings.get().scanner).toMatchObject({ kind: 'serial', serial: { path: pty.appPath } });
    await waitFor(() => companion!.scanning.manager.status().kind === 'serial' && companion!.scanning.manager.status().state === 'connected', 5000, 'scanner in use');
  });

  it('pairs a HID POS scanner, and a wedge scanner through the window', async () => {
    const bus = new FakeHidBus();
    bus.devices = scannerInterfaces();
    companion = await makeCompanion({}, undefined, { scanning: { hid: async () => bus.lib() } });
    const started = await companion.api['scanner.pairing.start']({});
    expect(started.listening).toContain('Zebra DS2208 (05e0:1300)');
    expect(bus.openLog).toEqual(['/dev/hidraw1']);
    await waitFor(() => bus.opened.length === 1, 2000, 'hid listener');
    for (const r of encodeHidReports(Buffer.from(started.code!))) bus.last('/dev/hidraw1').emit('data', Buffer.from(r));
    await waitFor(() => companion!.scanning.pairing.get().match !== null, 2000, 'hid match');
    expect(companion.scanning.pairing.get().match).toMatchObject({ kind: 'hid', vendorId: '05e0', productId: '1300', path: '/dev/hidraw1' });
    await companion.api['scanner.pairing.save']({});
    expect(companion.context.settings.get().scanner).toMatchObject({ kind: 'hid', hid: { path: '/dev/hidraw1', vendorId: '05e0' } });

    const again = await companion.api['scanner.pairing.start']({});
    await expect(companion.api['scans.submit']({ source: 'wedge', raw: again.code! })).resolves.toBeNull();
    expect(companion.scanning.pairing.get().match).toMatchObject({ kind: 'wedge' });
    const cancelled = await companion.api['scanner.pairing.cancel']({});
    expect(cancelled.active).toBe(false);
    await expect(companion.dispatch('scanner.pairing.save', {})).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
