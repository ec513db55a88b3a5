import type { HidReportLayout } from './hid-pos-decoder';

/**
 * Reads a HID report descriptor (HID 1.11 §6.2.2) far enough to find where a POS scanner puts the
 * fields of its scanned-data input report, so the decoder need not guess from the make.
 * Only short items are understood (long items are skipped, as no standard usage needs them), and
 * only what the layout needs is tracked: Usage Page, Usage, Usage Minimum/Maximum, Report ID,
 * Report Size, Report Count, Push/Pop, Input, Collection/End Collection.
 * A descriptor comes from the device, so nothing in it is trusted: anything malformed, truncated or
 * beyond sane sizes gives null, never an exception.
 */

/** Usages as 32-bit page:id, the way an extended (4-byte) Usage item states them. */
const usage = (page: number, id: number): number => page * 0x10000 + id;
export const POS_PAGE = 0x8c;
export const BYTE_COUNT = usage(0x01, 0x3b); // Generic Desktop: Byte Count (the report's data length)
export const SYMBOLOGY_ID_1 = usage(POS_PAGE, 0xfb); // 0xFB-0xFD: the three AIM symbology id bytes
export const SYMBOLOGY_ID_2 = usage(POS_PAGE, 0xfc);
export const SYMBOLOGY_ID_3 = usage(POS_PAGE, 0xfd);
export const DECODED_DATA = usage(POS_PAGE, 0xfe);
export const DECODE_DATA_CONTINUED = usage(POS_PAGE, 0xff);

// Bounds that no scanner comes near; past them the bytes are not a descriptor worth reading.
const MAX_DEPTH = 32;
const MAX_STACK = 16;
const MAX_USAGES = 1024;
const MAX_REPORT_BITS = 8 * 4096;

/** One Input main item: `count` fields of `size` bits from `bitOffset` (after the report id byte). */
export interface InputRun {
  reportId: number | null;
  bitOffset: number;
  size: number;
  count: number;
  /** Per field; a field past the list takes the last usage (HID 1.11 §6.2.2.8). */
  usages: number[];
  constant: boolean;
  /** The usage of the innermost enclosing Application collection (0 if none). */
  application: number;
}

interface Globals {
  usagePage: number;
  reportSize: number;
  reportCount: number;
  reportId: number | null;
}

/** The Input items of a descriptor, or null if it is not a well-formed one. */
export function parseInputRuns(bytes: Uint8Array): InputRun[] | null {
  let globals: Globals = { usagePage: 0, reportSize: 0, reportCount: 0, reportId: null };
  const stack: Globals[] = [];
  const collections: { application: number }[] = [];
  let usages: number[] = [];
  let usageMin: number | null = null;
  const bits = new Map<number | null, number>();
  const runs: InputRun[] = [];
  // A short Usage is read in the Usage Page current at that item, as almost every descriptor assumes.
  const full = (value: number, size: number) => (size === 4 ? value : usage(globals.usagePage, value));

  let i = 0;
  while (i < bytes.length) {
    const prefix = bytes[i]!;
    if (prefix === 0xfe) {
      // Long item: [0xfe, data size, tag, data…]
      if (i + 2 >= bytes.length) return null;
      i += 3 + bytes[i + 1]!;
      if (i > bytes.length) return null;
      continue;
    }
    const size = [0, 1, 2, 4][prefix & 0x03]!;
    const type = (prefix >> 2) & 0x03;
    const tag = prefix >> 4;
    if (i + 1 + size > bytes.length) return null;
    let value = 0;
    for (let b = size - 1; b >= 0; b--) value = value * 256 + bytes[i + 1 + b]!;
    i += 1 + size;

    if (type === 0) {
      // Main
      if (tag === 0x8) {
        const reportBits = bits.get(globals.reportId) ?? 0;
        const { reportSize, reportCount } = globals;
        const end = reportBits + reportSize * reportCount;
        if (end > MAX_REPORT_BITS) return null;
        // An Input of no bits declares nothing; it is skipped, not taken for a broken descriptor.
        if (end > reportBits) {
          const application = [...collections].reverse().find((c) => c.application !== 0)?.application ?? 0;
          runs.push({ reportId: globals.reportId, bitOffset: reportBits, size: reportSize, count: reportCount, usages, constant: (value & 1) === 1, application });
          bits.set(globals.reportId, end);
        }
      } else if (tag === 0xa) {
        if (collections.length >= MAX_DEPTH) return null;
        collections.push({ application: value === 0x01 ? (usages[0] ?? 0) : 0 });
      } else if (tag === 0xc) {
        if (!collections.pop()) return null;
      }
      // Output (0x9) and Feature (0xb) fill reports of their own kind, which do not move Input offsets.
      usages = [];
      usageMin = null;
    } else if (type === 1) {
      // Global
      if (tag === 0x0) globals = { ...globals, usagePage: value };
      else if (tag === 0x7) globals = { ...globals, reportSize: value };
      else if (tag === 0x9) globals = { ...globals, reportCount: value };
      else if (tag === 0x8) {
        if (value < 1 || value > 255) return null;
        globals = { ...globals, reportId: value };
      } else if (tag === 0xa) {
        if (stack.length >= MAX_STACK) return null;
        stack.push(globals);
      } else if (tag === 0xb) {
        const popped = stack.pop();
        if (!popped) return null;
        globals = popped;
      }
    } else if (type === 2) {
      // Local
      if (tag === 0x0) usages.push(full(value, size));
      else if (tag === 0x1) usageMin = full(value, size);
      else if (tag === 0x2) {
        const max = full(value, size);
        if (usageMin === null || max < usageMin || max - usageMin >= MAX_USAGES) return null;
        for (let u = usageMin; u <= max; u++) usages.push(u);
        usageMin = null;
      }
      if (usages.length > MAX_USAGES) return null;
    }
  }
  // A descriptor cut short leaves a collection open: refuse it rather than read half a report.
  if (collections.length !== 0) return null;
  return runs;
}

interface Field {
  bitOffset: number;
  size: number;
}

/** Where the first field of a usage sits in a report's runs. */
function fieldOf(runs: InputRun[], wanted: number): Field | null {
  for (const run of runs) {
    if (run.constant) continue;
    for (let f = 0; f < run.count; f++) {
      const u = run.usages[Math.min(f, run.usages.length - 1)];
      if (u === wanted) return { bitOffset: run.bitOffset + f * run.size, size: run.size };
      // Every later field repeats the last usage: no need to walk a long buffer field by field.
      if (f >= run.usages.length) break;
    }
  }
  return null;
}

/** A run of whole bytes, each field 8 bits, from `field` on. */
const byteAligned = (field: Field | null): field is Field => field !== null && field.size === 8 && field.bitOffset % 8 === 0;

function layoutOfReport(reportId: number | null, runs: InputRun[]): HidReportLayout | null {
  const idBytes = reportId === null ? 0 : 1;
  const at = (field: Field) => idBytes + field.bitOffset / 8;

  const dataRun = runs.find((r) => !r.constant && r.usages[0] === DECODED_DATA);
  const length = fieldOf(runs, BYTE_COUNT);
  if (!dataRun || !byteAligned(dataRun) || !byteAligned(length)) return null;

  let aimAt: number | null = null;
  const aim = [SYMBOLOGY_ID_1, SYMBOLOGY_ID_2, SYMBOLOGY_ID_3].map((u) => fieldOf(runs, u));
  if (aim.some((f) => f !== null)) {
    // The three must be three bytes in a row, or the AIM id cannot be read.
    if (!aim.every(byteAligned) || aim[1]!.bitOffset !== aim[0]!.bitOffset + 8 || aim[2]!.bitOffset !== aim[1]!.bitOffset + 8) return null;
    aimAt = at(aim[0]!);
  }
  const flag = fieldOf(runs, DECODE_DATA_CONTINUED);
  const layout: HidReportLayout = {
    reportId,
    lengthAt: at(length),
    aimAt,
    dataAt: at(dataRun),
    dataMax: dataRun.count,
    continued: flag ? { byte: idBytes + Math.floor(flag.bitOffset / 8), bit: flag.bitOffset % 8 } : null,
  };
  return overlaps(layout) ? null : layout;
}

/** True when two fields of a layout share a byte: a descriptor that says so cannot be decoded by it. */
function overlaps(l: HidReportLayout): boolean {
  const spans: [number, number][] = [[l.lengthAt, l.lengthAt], [l.dataAt, l.dataAt + l.dataMax - 1]];
  if (l.aimAt !== null) spans.push([l.aimAt, l.aimAt + 2]);
  if (l.continued) spans.push([l.continued.byte, l.continued.byte]);
  if (l.reportId !== null) spans.push([0, 0]);
  return spans.some(([a, b], i) => spans.some(([c, d], j) => i !== j && a <= d && c <= b));
}

/**
 * The layout of the scanned-data input report of a POS scanner (an Application collection on usage
 * page 0x8C): the first of its reports with a Byte Count and Decoded Data. Null when the descriptor
 * is malformed, has no such report, or places the fields so that they cannot be read.
 */
export function layoutFromDescriptor(bytes: Uint8Array): HidReportLayout | null {
  const runs = parseInputRuns(bytes);
  if (!runs) return null;
  const pos = runs.filter((r) => Math.floor(r.application / 0x10000) === POS_PAGE);
  const ids = [...new Set(pos.map((r) => r.reportId))];
  for (const id of ids) {
    const layout = layoutOfReport(id, pos.filter((r) => r.reportId === id));
    if (layout) return layout;
  }
  return null;
}
