import { symbologyName } from './aim';

/**
 * USB HID POS barcode scanner reports (usage page 0x8C), as node-hid delivers them (report id first).
 * Makes differ, so the layout is chosen per report (or fixed by the setting):
 * - `aim` (the HID POS standard, report id 2): [1] length of this report's data (≤ 56), [2..4] AIM
 *   symbology id ("]Q1"), [5..60] data, [63] bit 0 = more reports follow (the other bits are reserved:
 *   testing the whole byte misreads scanners that set them);
 * - `no-aim` (report id 2, no AIM id): [1] length, [2..] data, [63] bit 0 = more follow;
 * - `vendor-62` (report id 1): [1] length, [2..63] data, no flag: a full report (62 bytes) means the
 *   label goes on in the next one.
 * `auto` tells them apart: report id 1 is vendor-62; report id 2 with "]" at [2] is aim, else no-aim.
 * Pure functions: never throw, whatever bytes arrive.
 */
export const SCANNER_REPORT_ID = 2;
export const VENDOR_REPORT_ID = 1;
export type HidLayout = 'auto' | 'aim' | 'no-aim' | 'vendor-62';
const FLAG_INDEX = 63;
const VENDOR_DATA = 62;

export interface HidReport {
  aim: string | null;
  label: Uint8Array;
  more: boolean;
}

export type DecodeResult = { ok: true; report: HidReport } | { ok: false; reason: string };

function layoutOf(data: Uint8Array, layout: HidLayout): Exclude<HidLayout, 'auto'> | null {
  if (layout !== 'auto') return layout;
  if (data[0] === VENDOR_REPORT_ID) return 'vendor-62';
  if (data[0] === SCANNER_REPORT_ID) return data[2] === 0x5d ? 'aim' : 'no-aim';
  return null;
}

export function decodeHidReport(data: Uint8Array, layout: HidLayout = 'auto'): DecodeResult {
  if (data.length < 3) return { ok: false, reason: `report too short (${data.length} bytes)` };
  const kind = layoutOf(data, layout);
  const expectedId = kind === 'vendor-62' ? VENDOR_REPORT_ID : SCANNER_REPORT_ID;
  if (!kind || data[0] !== expectedId) return { ok: false, reason: `not a scanner data report (report id ${data[0]})` };
  const length = data[1]!;
  const offset = kind === 'aim' ? 5 : 2;
  const room = kind === 'vendor-62' ? Math.min(VENDOR_DATA, data.length - offset) : Math.min(FLAG_INDEX, data.length) - offset;
  if (length > room) return { ok: false, reason: `label length ${length} exceeds the report` };
  const aim = kind === 'aim' ? String.fromCharCode(data[2]!, data[3]!, data[4]!) : null;
  const more = kind === 'vendor-62' ? length === VENDOR_DATA : data.length > FLAG_INDEX && (data[FLAG_INDEX]! & 0x01) === 1;
  return { ok: true, report: { aim, label: data.subarray(offset, offset + length), more } };
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
export function createHidAssembler(maxBytes = 4096, layout: HidLayout = 'auto') {
  let parts: Uint8Array[] = [];
  let size = 0;
  let aim: string | null = null;
  return {
    push(data: Uint8Array): { label: AssembledLabel } | { error: string } | null {
      const decoded = decodeHidReport(data, layout);
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

/**
 * Builds the reports a scanner would send for a label, in a given layout (tests, benchmarks, a
 * stand-in scanner). `reservedBits` sets the flag byte's other bits, as some makes do.
 */
export function encodeHidReports(label: Uint8Array, aim = ']Q1', chunk = 56, layout: Exclude<HidLayout, 'auto'> = 'aim', reservedBits = 0): Uint8Array[] {
  const reports: Uint8Array[] = [];
  const size = layout === 'vendor-62' ? VENDOR_DATA : layout === 'aim' ? Math.min(chunk, 56) : Math.min(chunk, 61);
  for (let offset = 0; offset < label.length || reports.length === 0; offset += size) {
    const part = label.subarray(offset, offset + size);
    const report = new Uint8Array(64);
    report[0] = layout === 'vendor-62' ? VENDOR_REPORT_ID : SCANNER_REPORT_ID;
    report[1] = part.length;
    if (layout === 'aim') report.set(Buffer.from(aim, 'latin1').subarray(0, 3), 2);
    report.set(part, layout === 'aim' ? 5 : 2);
    if (layout !== 'vendor-62') report[FLAG_INDEX] = (offset + size < label.length ? 1 : 0) | (reservedBits & 0xfe);
    reports.push(report);
  }
  // vendor-62: a label that exactly fills its last report needs an empty one to end it.
  if (layout === 'vendor-62' && label.length > 0 && label.length % VENDOR_DATA === 0) {
    const end = new Uint8Array(64);
    end[0] = VENDOR_REPORT_ID;
    reports.push(end);
  }
  return reports;
}
