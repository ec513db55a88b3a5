import { symbologyName } from './aim';

/**
 * USB HID POS barcode scanner reports (usage page 0x8C), input report id 2:
 *   [0] report id (2)   then the payload:
 *   payload[0] label length in this report, payload[1..3] AIM symbology id (e.g. "]Q1"),
 *   payload[4..] label bytes, payload[62] continuation flag: non-zero = more reports follow.
 * Pure functions: never throw, whatever bytes arrive.
 */
export const SCANNER_REPORT_ID = 2;
const CONTINUATION_INDEX = 62;
const LABEL_OFFSET = 4;

export interface HidReport {
  aim: string | null;
  label: Uint8Array;
  more: boolean;
}

export type DecodeResult = { ok: true; report: HidReport } | { ok: false; reason: string };

export function decodeHidReport(data: Uint8Array): DecodeResult {
  if (data.length < 1 + LABEL_OFFSET) return { ok: false, reason: `report too short (${data.length} bytes)` };
  if (data[0] !== SCANNER_REPORT_ID) return { ok: false, reason: `not a scanner data report (report id ${data[0]})` };
  const payload = data.subarray(1);
  const length = payload[0]!;
  if (length > payload.length - LABEL_OFFSET) return { ok: false, reason: `label length ${length} exceeds the report` };
  const aimBytes = payload.subarray(1, 4);
  const aim = aimBytes[0] === 0x5d ? String.fromCharCode(...aimBytes) : null;
  return {
    ok: true,
    report: {
      aim,
      label: payload.subarray(LABEL_OFFSET, LABEL_OFFSET + length),
      more: payload.length > CONTINUATION_INDEX && payload[CONTINUATION_INDEX] !== 0,
    },
  };
}

export interface AssembledLabel {
  bytes: Buffer;
  aim: string | null;
  symbology: string | undefined;
}

/**
 * Joins labels that span several reports until the continuation flag clears. A label that grows past
 * `maxBytes` (a stuck continuation flag) is dropped and reported instead of growing forever.
 */
export function createHidAssembler(maxBytes = 4096) {
  let parts: Uint8Array[] = [];
  let size = 0;
  let aim: string | null = null;
  return {
    push(data: Uint8Array): { label: AssembledLabel } | { error: string } | null {
      const decoded = decodeHidReport(data);
      if (!decoded.ok) return { error: decoded.reason };
      const { report } = decoded;
      if (parts.length === 0) aim = report.aim;
      parts.push(report.label);
      size += report.label.length;
      if (size > maxBytes) {
        parts = [];
        size = 0;
        return { error: `label longer than ${maxBytes} bytes` };
      }
      if (report.more) return null;
      const label = { bytes: Buffer.concat(parts), aim, symbology: aim ? symbologyName(aim) : undefined };
      parts = [];
      size = 0;
      return { label };
    },
  };
}

/** Builds the reports a scanner would send for a label (tests, benchmarks, the simulator of a scanner). */
export function encodeHidReports(label: Uint8Array, aim = ']Q1', chunk = 56): Uint8Array[] {
  const reports: Uint8Array[] = [];
  for (let offset = 0; offset < label.length || reports.length === 0; offset += chunk) {
    const part = label.subarray(offset, offset + chunk);
    const report = new Uint8Array(64);
    report[0] = SCANNER_REPORT_ID;
    report[1] = part.length;
    report.set(Buffer.from(aim, 'latin1').subarray(0, 3), 2);
    report.set(part, 1 + LABEL_OFFSET);
    report[1 + CONTINUATION_INDEX] = offset + chunk < label.length ? 1 : 0;
    reports.push(report);
  }
  return reports;
}
