import { describe, expect, it } from 'vitest';
import { createHidAssembler, decodeHidReport, encodeHidReports, HID_PRESETS, type HidLayout } from '../../../main/core/scanning/hid-pos-decoder';

const QR = Buffer.from('CU-7H3K9P2A|' + 'x'.repeat(150), 'latin1'); // spans three reports in every layout

function assemble(reports: Uint8Array[], layout: HidLayout = 'auto') {
  const assembler = createHidAssembler(4096, layout);
  const out = reports.map((r) => assembler.push(r));
  return { last: out.at(-1), before: out.slice(0, -1) };
}

/** Report fixtures as node-hid delivers them (report id at byte 0), one per make of scanner. */
describe('HID POS report layouts', () => {
  it('standard HID POS (report 2, AIM id): the continuation is bit 0 of byte 63, other bits are reserved', () => {
    const reports = encodeHidReports(QR, ']Q1', 56, 'aim', 0xfe); // reserved bits all set
    expect(reports).toHaveLength(3);
    expect(reports.map((r) => r[63])).toEqual([0xff, 0xff, 0xfe]);
    const { last, before } = assemble(reports);
    expect(before).toEqual([null, null]);
    expect(last).toEqual({ label: { bytes: QR, aim: ']Q1', symbology: expect.any(String) } });
  });

  it('HID POS without an AIM id: data from byte 2', () => {
    const reports = encodeHidReports(QR, '', 61, 'no-aim');
    expect(reports[0]![2]).toBe('C'.charCodeAt(0));
    const { last } = assemble(reports);
    expect(last).toEqual({ label: { bytes: QR, aim: null, symbology: undefined } });
    expect(assemble(reports, 'no-aim').last).toEqual(last);
  });

  it('vendor report 1 with 62 data bytes and no flag: a full report means more follows', () => {
    const reports = encodeHidReports(QR, '', 62, 'vendor-62');
    expect(reports.map((r) => [r[0], r[1]])).toEqual([[1, 62], [1, 62], [1, QR.length - 124]]);
    expect(assemble(reports).last).toEqual({ label: { bytes: QR, aim: null, symbology: undefined } });
    // A label that exactly fills its reports ends with an empty one.
    const exact = Buffer.alloc(124, 0x41);
    const ending = encodeHidReports(exact, '', 62, 'vendor-62');
    expect(ending).toHaveLength(3);
    expect(assemble(ending).last).toEqual({ label: { bytes: exact, aim: null, symbology: undefined } });
  });

  it('a fixed layout refuses reports of another, and nonsense never throws', () => {
    const vendor = encodeHidReports(Buffer.from('ABC'), '', 62, 'vendor-62')[0]!;
    expect(decodeHidReport(vendor, 'aim')).toEqual({ ok: false, reason: 'not a scanner data report (report id 1)' });
    expect(decodeHidReport(Uint8Array.from([2, 200, 0x5d, 0x51, 0x31]))).toMatchObject({ ok: false, reason: 'label length 200 exceeds the report' });
    expect(decodeHidReport(Uint8Array.from([9, 1, 2, 3]))).toMatchObject({ ok: false });
    expect(decodeHidReport(new Uint8Array(0))).toMatchObject({ ok: false });
  });

  it('the standard layout has room for 56 data bytes: a longer length would take in the vendor bytes 61-62', () => {
    const report = encodeHidReports(Buffer.alloc(56, 0x41))[0]!;
    expect(decodeHidReport(report, 'aim')).toMatchObject({ ok: true });
    report[1] = 57;
    expect(decodeHidReport(report, 'aim')).toEqual({ ok: false, reason: 'label length 57 exceeds the report' });
  });

  it('decodes by an explicit layout object as by the preset it equals', () => {
    const reports = encodeHidReports(QR, ']Q1', 56, 'aim', 0xfe);
    expect(assemble(reports, 'aim').last).toEqual(assemble(reports).last);
    const assembler = createHidAssembler(4096, { ...HID_PRESETS.aim });
    expect(reports.map((r) => assembler.push(r)).at(-1)).toEqual({ label: { bytes: QR, aim: ']Q1', symbology: 'QR Code' } });
  });
});
