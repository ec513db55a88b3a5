import { afterEach, describe, expect, it } from 'vitest';
import { Settings } from '../../preload/schemas/settings';
import type { ScanRecord } from '../../preload/contract';
import { createMemoryLogger } from '../../main/core/logging/logger';
import type { DriverStatus } from '../../main/core/scanning/drivers/driver';
import { SerialScannerDriver, type SerialConfig } from '../../main/core/scanning/drivers/serial-driver';
import { ScanIntake } from '../../main/core/scanning/scan-intake';
import { createPtyPair, waitFor, type PtyPair } from '../helpers/pty';

/** The real serialport binding against socat pseudo-terminals. */
describe('serial scanner driver on a pty', () => {
  let pty: PtyPair | null = null;
  let driver: SerialScannerDriver | null = null;

  afterEach(async () => {
    await driver?.stop();
    await pty?.close().catch(() => undefined);
    driver = null;
    pty = null;
  });

  async function setup(patch: Partial<SerialConfig> = {}) {
    pty = await createPtyPair();
    const config: SerialConfig = { ...Settings.parse({}).scanner.serial, path: pty.appPath, baudRate: 115200, ...patch };
    const intake = new ScanIntake({ rule: () => Settings.parse({}).cardRule, sameCardWindowMs: () => 0 });
    const scans: ScanRecord[] = [];
    const statuses: DriverStatus[] = [];
    intake.onScan((s) => scans.push(s));
    driver = new SerialScannerDriver(config, createMemoryLogger(), { backoff: { initialMs: 50, maxMs: 400, jitter: 0 }, watchdogMs: 100 });
    driver.onScan((raw) => intake.receive(raw));
    driver.onStatus((s) => statuses.push({ ...s }));
    driver.start();
    await waitFor(() => statuses.some((s) => s.state === 'connected'), 5000, 'serial connect');
    return { scans, statuses };
  }

  it.each([
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ] as const)('reads labels ended by %s', async (terminator, end) => {
    const { scans } = await setup({ terminator });
    await pty!.write(`]Q1CU-7H3K9P2A${end}CU-4M8Q1Z6T${end}`);
    await waitFor(() => scans.length === 2, 3000, 'two scans');
    expect(scans.map((s) => s.cardId)).toEqual(['CU-7H3K9P2A', 'CU-4M8Q1Z6T']);
    expect(scans[0]).toMatchObject({ source: 'serial', symbology: 'QR Code', device: pty!.appPath });
  });

  it('reads labels with no terminator by idle timeout', async () => {
    const { scans } = await setup({ terminator: 'none', idleTimeoutMs: 40 });
    await pty!.write('CU-9R2W5X8L');
    await waitFor(() => scans.length === 1, 3000, 'idle-terminated scan');
    expect(scans[0]!.cardId).toBe('CU-9R2W5X8L');
  });

  it('joins a payload split across writes', async () => {
    const { scans } = await setup();
    for (const part of ['CU-', '7H3', 'K9P', '2A', '\r']) {
      await pty!.write(part);
      await new Promise((r) => setTimeout(r, 15));
    }
    await waitFor(() => scans.length === 1, 3000, 'joined scan');
    expect(scans[0]!.cardId).toBe('CU-7H3K9P2A');
  });

  it('reads 10,000 scans written in one burst, in order, none lost', async () => {
    const { scans } = await setup();
    const ids = Array.from({ length: 10_000 }, (_, i) => `CARD-${String(i).padStart(6, '0')}`);
    await pty!.write(ids.join('\r') + '\r');
    await waitFor(() => scans.length === ids.length, 60_000, '10,000 scans');
    expect(scans.map((s) => s.cardId)).toEqual(ids);
  });

  it('refuses garbage bytes with a reason and keeps reading', async () => {
    const { scans } = await setup();
    await pty!.write(Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x9c]), Buffer.from('\r'), Buffer.alloc(5000, 0x41), Buffer.from('\rCU-7H3K9P2A\r')]));
    await waitFor(() => scans.length === 3, 3000, 'three results');
    expect(scans[0]).toMatchObject({ accepted: false, reasonCode: 'binary' });
    expect(scans[1]).toMatchObject({ accepted: false, reasonCode: 'too_long' });
    expect(scans[2]).toMatchObject({ accepted: true, cardId: 'CU-7H3K9P2A' });
  });

  it('reconnects when the pty is removed and recreated', async () => {
    const { scans, statuses } = await setup();
    await pty!.unplug();
    await waitFor(() => statuses.some((s) => s.state === 'disconnected'), 5000, 'disconnect');
    await waitFor(() => statuses.some((s) => s.state === 'reconnecting' && s.reconnectAttempt >= 2), 5000, 'retries');
    await pty!.replug();
    const reconnectedAt = statuses.length;
    await waitFor(() => statuses.slice(reconnectedAt).some((s) => s.state === 'connected'), 5000, 'reconnect');
    await pty!.write('CU-3B6N0V4C\r');
    await waitFor(() => scans.length === 1, 3000, 'scan after reconnect');
    expect(scans[0]!.cardId).toBe('CU-3B6N0V4C');
    // Bounded backoff: never more than the configured maximum between attempts.
    const messages = statuses.filter((s) => s.state === 'reconnecting').map((s) => Number(/retrying in ([\d.]+) s/.exec(s.message ?? '')?.[1]));
    expect(Math.max(...messages)).toBeLessThanOrEqual(0.4);
    // The same facts as a code with values, for the UI's own words; a later message without a code drops it.
    const retrying = statuses.find((s) => s.state === 'reconnecting')!;
    expect(retrying).toMatchObject({ messageCode: 'reconnecting', messageParams: { reason: expect.any(String), seconds: expect.any(Number) } });
    expect(retrying.message).toContain(`retrying in ${Number(retrying.messageParams!.seconds).toFixed(1)} s`);
    expect(statuses.at(-1)).toMatchObject({ state: 'connected', messageCode: null });
  });
});
