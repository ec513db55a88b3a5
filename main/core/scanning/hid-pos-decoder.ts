import { symbologyName } from './aim';

/**
 * USB HID POS barcode scanner reports (usage page 0x8C), as node-hid delivers them (report id first).
 * Makes differ, so where each field sits is a `HidReportLayout`: read from the device's report
 * descriptor when there is one (hid-descriptor.ts), else one of the named presets:
 * - `aim` (the HID POS standard, report id 2): [1] length of this report's data (≤ 56), [2..4] AIM
 *   symbology id ("]Q1"), [5..60] data, [61..62] vendor bytes, [63] bit 0 = more reports follow (the
 *   other bits are reserved: testing the whole byte misreads scanners that set them);
 * - `no-aim` (report id 2, no AIM id): [1] length, [2..62] data, [63] bit 0 = more follow;
 * - `vendor-62` (report id 1): [1] length, [2..63] data, no flag: a full report (62 bytes) means the
 *   label goes on in the next one.
 * `auto` tells the presets apart: report id 1 is vendor-62; report id 2 with "]" at [2] is aim, else no-aim.
 * Pure functions: never throw, whatever bytes arrive.
 */
export const SCANNER_REPORT_ID = 2;
export const VENDOR_REPORT_ID = 1;
export type HidLayout = 'auto' | 'aim' | 'no-aim' | 'vendor-62';
export type HidPreset = Exclude<HidLayout, 'auto'>;

/** Byte offsets into a report as node-hid delivers it (with the report id at byte 0 when the device numbers its reports). */
export interface HidReportLayout {
  /** Byte 0 must be this; null when the device numbers no reports (then no id byte is delivered). */
  reportId: number | null;
  /** The byte holding how many data bytes of this report are label. */
  lengthAt: number;
  /** First of the three AIM symbology id bytes, or null when the report has none. */
  aimAt: number | null;
  dataAt: number;
  /** Room for data in one report. */
  dataMax: number;
  /** The Decode Data Continued bit; null when, instead, a report filled to dataMax means more follow. */
  continued: { byte: number; bit: number } | null;
}

export const HID_PRESETS: Readonly<Record<HidPreset, HidReportLayout>> = {
  aim: { reportId: SCANNER_REPORT_ID, lengthAt: 1, aimAt: 2, dataAt: 5, dataMax: 56, continued: { byte: 63, bit: 0 } },
  'no-aim': { reportId: SCANNER_REPORT_ID, lengthAt: 1, aimAt: null, dataAt: 2, dataMax: 61, continued: { byte: 63, bit: 0 } },
  'vendor-62': { reportId: VENDOR_REPORT_ID, lengthAt: 1, aimAt: null, dataAt: 2, dataMax: 62, continued: null },
};

export interface HidReport {
  aim: string | null;
  label: Uint8Array;
  more: boolean;
}

export type DecodeResult = { ok: true; report: HidReport } | { ok: false; reason: string };

function layoutOf(data: Uint8Array, layout: HidLayout | HidReportLayout): HidReportLayout | null {
  if (typeof layout !== 'string') return layout;
  if (layout !== 'auto') return HID_PRESETS[layout];
  if (data[0] === VENDOR_REPORT_ID) return HID_PRESETS['vendor-62'];
  if (data[0] === SCANNER_REPORT_ID) return data[2] === 0x5d ? HID_PRESETS.aim : HID_PRESETS['no-aim'];
  return null;
}

/** The name of the preset a layout is, if it is one (for logs and the status line). */
export function presetName(layout: HidReportLayout): HidPreset | null {
  const same = (a: HidReportLayout, b: HidReportLayout) =>
    a.reportId === b.reportId && a.lengthAt === b.lengthAt && a.aimAt === b.aimAt && a.dataAt === b.dataAt && a.dataMax === b.dataMax &&
    a.continued?.byte === b.continued?.byte && a.continued?.bit === b.continued?.bit;
  return (Object.keys(HID_PRESETS) as HidPreset[]).find((name) => same(HID_PRESETS[name], layout)) ?? null;
}

export function describeLayout(layout: HidReportLayout): string {
  const name = presetName(layout);
  if (name) return name;
  const end = layout.dataAt + layout.dataMax - 1;
  return [
    layout.reportId === null ? 'unnumbered report' : `report ${layout.reportId}`,
    `length at byte ${layout.lengthAt}`,
    layout.aimAt === null ? 'no AIM id' : `AIM id at ${layout.aimAt}–${layout.aimAt + 2}`,
    `data at ${layout.dataAt}–${end}`,
    layout.continued ? `more-follows bit ${layout.continued.bit} of byte ${layout.continued.byte}` : 'a full report means more follows',
  ].join(', ');
}

export function decodeHidReport(data: Uint8Array, layout: HidLayout | HidReportLayout = 'auto'): DecodeResult {
  if (data.length < 3) return { ok: false, reason: `report too short (${data.length} bytes)` };
  const l = layoutOf(data, layout);
  if (!l || (l.reportId !== null && data[0] !== l.reportId)) return { ok: false, reason: `not a scanner data report (report id ${data[0]})` };
  if (data.length <= l.lengthAt) return { ok: false, reason: `report too short (${data.length} bytes)` };
  const length = data[l.lengthAt]!;
  const room = Math.min(l.dataMax, data.length - l.dataAt);
  if (length > room) return { ok: false, reason: `label length ${length} exceeds the report` };
  const aim = l.aimAt !== null && data.length >= l.aimAt + 3 ? String.fromCharCode(data[l.aimAt]!, data[l.aimAt + 1]!, data[l.aimAt + 2]!) : null;
  const flag = l.continued;
  // Only the one bit: the flag byte's other bits are reserved, and some makes set them.
  const more = flag ? data.length > flag.byte && ((data[flag.byte]! >> flag.bit) & 1) === 1 : length === l.dataMax;
  return { ok: true, report: { aim, label: data.subarray(l.dataAt, l.dataAt + length), more } };
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
export function createHidAssembler(maxBytes = 4096, layout: HidLayout | HidReportLayout = 'auto') {
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

/** Bytes in one report of a layout: up to its last field (64 for every preset). */
export function reportSize(l: HidReportLayout): number {
  return Math.max(l.dataAt + l.dataMax, l.lengthAt + 1, l.aimAt === null ? 0 : l.aimAt + 3, l.continued ? l.continued.byte + 1 : 0);
}

/**
 * Builds the reports a scanner would send for a label, in a given layout (tests, benchmarks, a
 * stand-in scanner). `reservedBits` sets the flag byte's other bits, as some makes do.
 */
export function encodeHidReports(label: Uint8Array, aim = ']Q1', chunk = 56, layout: HidPreset | HidReportLayout = 'aim', reservedBits = 0): Uint8Array[] {
  const l = typeof layout === 'string' ? HID_PRESETS[layout] : layout;
  const reports: Uint8Array[] = [];
  const blank = () => {
    const report = new Uint8Array(reportSize(l));
    if (l.reportId !== null) report[0] = l.reportId;
    return report;
  };
  const size = l.continued ? Math.max(1, Math.min(chunk, l.dataMax)) : l.dataMax;
  for (let offset = 0; offset < label.length || reports.length === 0; offset += size) {
    const part = label.subarray(offset, offset + size);
    const report = blank();
    report[l.lengthAt] = part.length;
    if (l.aimAt !== null) report.set(Buffer.from(aim, 'latin1').subarray(0, 3), l.aimAt);
    report.set(part, l.dataAt);
    if (l.continued) {
      const bit = 1 << l.continued.bit;
      report[l.continued.byte] = (offset + size < label.length ? bit : 0) | (reservedBits & ~bit & 0xff);
    }
    reports.push(report);
  }
  // Without a flag, a label that exactly fills its last report needs an empty one to end it.
  if (!l.continued && label.length > 0 && label.length % l.dataMax === 0) reports.push(blank());
  return reports;
}
