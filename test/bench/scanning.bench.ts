import fs from 'node:fs';
import { SerialPort } from 'serialport';
import { Settings } from '../../preload/schemas/settings';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { SerialScannerDriver } from '../../main/core/scanning/drivers/serial-driver';
import { createHidAssembler, encodeHidReports } from '../../main/core/scanning/hid-pos-decoder';
import { ScanIntake } from '../../main/core/scanning/scan-intake';
import { createPtyPair, waitFor } from '../helpers/pty';
import { hrMs, percentile, type Row } from './lib';

const SCANS = 1000;

/** Writes a label to the pty and times until `arrived` says it was seen; returns sorted latencies (ms). */
async function timeScans(writerPath: string, arrived: (onSeen: () => void) => void): Promise<number[]> {
  const fd = fs.openSync(writerPath, 'w');
  const latencies: number[] = [];
  let resolveSeen: (() => void) | null = null;
  arrived(() => resolveSeen?.());
  try {
    for (let i = 0; i < SCANS + 50; i += 1) {
      const seen = new Promise<void>((r) => (resolveSeen = r));
      const label = `CU-${String(i).padStart(8, '0')}\r`;
      fs.writeSync(fd, label); // returns once the last byte is in the pty
      const start = process.hrtime.bigint();
      await seen;
      if (i >= 50) latencies.push(hrMs(start)); // the first 50 warm up the JIT
    }
  } finally {
    fs.closeSync(fd);
  }
  return latencies.sort((a, b) => a - b);
}

export async function scanningBench(): Promise<Row[]> {
  const rows: Row[] = [];

  // Reference: the raw serialport binding, 'data' event carrying the terminator.
  const rawPty = await createPtyPair();
  const raw = new SerialPort({ path: rawPty.appPath, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => raw.open((e) => (e ? reject(e) : resolve())));
  const rawLatency = await timeScans(rawPty.writerPath, (seen) => raw.on('data', (d: Buffer) => d.includes(0x0d) && seen()));
  await new Promise<void>((r) => raw.close(() => r()));
  await rawPty.close();

  // The app: serial driver → framer → payload checks → card rules → scan event.
  const pty = await createPtyPair();
  const settings = Settings.parse({});
  const intake = new ScanIntake({ rule: () => settings.cardRule, sameCardWindowMs: () => 0 });
  const driver = new SerialScannerDriver({ ...settings.scanner.serial, path: pty.appPath, baudRate: 115200 }, createMemoryLogger());
  driver.onScan((r) => intake.receive(r));
  let connected = false;
  driver.onStatus((s) => (connected ||= s.state === 'connected'));
  driver.start();
  await waitFor(() => connected, 5000, 'driver');
  const appLatency = await timeScans(pty.writerPath, (seen) => intake.onScan(() => seen()));
  await driver.stop();
  await pty.close();

  for (const p of [50, 95]) {
    rows.push({
      figure: `scan latency p${p}, last byte → scan event (115200 baud, ${SCANS} scans)`,
      value: percentile(appLatency, p),
      unit: 'ms',
      reference: { label: `raw serialport read p${p}`, value: percentile(rawLatency, p) },
      lowerIsBetter: true,
    });
  }

  // HID POS decoder throughput, against copying the same report bytes.
  const reports = encodeHidReports(Buffer.from(']Q1CU-7H3K9P2A'.slice(3)), ']Q1');
  const report = reports[0]!;
  const n = 2_000_000;
  const assembler = createHidAssembler();
  let start = process.hrtime.bigint();
  for (let i = 0; i < n; i += 1) assembler.push(report);
  const decodeRate = n / (hrMs(start) / 1000);
  let sink = 0;
  start = process.hrtime.bigint();
  for (let i = 0; i < n; i += 1) sink += Buffer.from(report)[1]!;
  const copyRate = n / (hrMs(start) / 1000);
  rows.push({
    figure: 'HID POS decoder throughput (64-byte reports)',
    value: decodeRate,
    unit: 'reports/s',
    reference: { label: 'Buffer copy of the same report', value: copyRate },
  });
  if (sink < 0) process.stdout.write(''); // keeps the copy loop from being optimised away
  return rows;
}
