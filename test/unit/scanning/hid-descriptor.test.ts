import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutFromDescriptor, parseInputRuns } from '../../../main/core/scanning/hid-descriptor';
import { createHidAssembler, presetName, type HidLayout, type HidReportLayout } from '../../../main/core/scanning/hid-pos-decoder';
import { hex, KEYBOARD_DESCRIPTOR, NO_BYTE_COUNT_DESCRIPTOR } from '../../fixtures/hid-pos/descriptors';
import { CARDU_URL, FIXTURES } from '../../fixtures/hid-pos/labels';

function assemble(reports: Uint8Array[], layout: HidLayout | HidReportLayout) {
  const assembler = createHidAssembler(4096, layout);
  const out = reports.map((r) => assembler.push(r));
  return { last: out.at(-1), before: out.slice(0, -1) };
}

/** Every field the decoder reads lies inside a report no larger than the descriptor can declare. */
function sane(l: HidReportLayout): boolean {
  const inRange = (n: number) => Number.isInteger(n) && n >= 0 && n < 4097;
  return inRange(l.lengthAt) && inRange(l.dataAt) && l.dataMax > 0 && (l.aimAt === null || inRange(l.aimAt)) && (!l.continued || (inRange(l.continued.byte) && l.continued.bit >= 0 && l.continued.bit < 8));
}

describe('HID report descriptor → report layout', () => {
  it('the Cardu URL fixture is 150 bytes, three reports in every 64-byte layout', () => {
    expect(CARDU_URL.length).toBe(150);
  });

  for (const fixture of FIXTURES) {
    describe(fixture.name, () => {
      it('derives the layout the descriptor declares', () => {
        const layout = layoutFromDescriptor(fixture.descriptor);
        expect(layout).toEqual(fixture.layout);
        expect(presetName(layout!)).toBe(fixture.preset);
      });

      it('decodes each multi-report label whole by the derived layout', () => {
        const layout = layoutFromDescriptor(fixture.descriptor)!;
        for (const { label, aim, reports } of fixture.labels) {
          const { last, before } = assemble(reports, layout);
          expect(before.every((r) => r === null)).toBe(true);
          expect(last).toMatchObject({ label: { aim } });
          expect(last && 'label' in last && last.label.bytes.toString('latin1')).toBe(label.toString('latin1'));
        }
      });

      if (fixture.preset !== null) it('decodes the same labels by the named preset, and by automatic detection', () => {
        for (const { label, reports } of fixture.labels) {
          for (const layout of [fixture.preset!, 'auto'] as const) {
            const { last } = assemble(reports, layout);
            expect(last && 'label' in last && Buffer.compare(last.label.bytes, label), layout).toBe(0);
          }
        }
      });

      it('every truncation of the descriptor gives null, never a half-read layout', () => {
        for (let end = 0; end < fixture.descriptor.length; end++) expect(layoutFromDescriptor(fixture.descriptor.subarray(0, end))).toBeNull();
      });
    });
  }

  it('the compact layout is one automatic detection cannot read: only the descriptor can', () => {
    const compact = FIXTURES.find((f) => f.preset === null)!;
    expect(assemble(compact.labels[0]!.reports, 'auto').last).toEqual({ error: 'not a scanner data report (report id 3)' });
  });

  it('reads the Push/Pop, extended usages and usage ranges it relies on', () => {
    const runs = parseInputRuns(FIXTURES.find((f) => f.preset === null)!.descriptor)!;
    expect(runs.map((r) => [r.bitOffset, r.size, r.count, r.usages.map((u) => u.toString(16)), r.constant])).toEqual([
      [0, 8, 1, ['1003b'], false],
      [8, 8, 3, ['8c00fb', '8c00fc', '8c00fd'], false],
      [32, 8, 32, ['8c00fe'], false],
      [288, 7, 1, [], true],
      [295, 1, 1, ['8c00ff'], false],
    ]);
    // Without the Pop the Decoded Data usage would sit on the Generic Desktop page, and nothing is found.
    const vendor = FIXTURES.find((f) => f.preset === 'vendor-62')!.descriptor;
    const unpopped = Uint8Array.from([...vendor].filter((b, i) => !(b === 0xb4 && i > 0 && vendor[i - 1] === 0x02)));
    expect(unpopped.length).toBe(vendor.length - 1);
    expect(layoutFromDescriptor(unpopped)).toBeNull();
  });

  it('a descriptor with no POS scanner report, or one it cannot read, gives null', () => {
    expect(parseInputRuns(KEYBOARD_DESCRIPTOR)).not.toBeNull(); // well-formed …
    expect(layoutFromDescriptor(KEYBOARD_DESCRIPTOR)).toBeNull(); // … but a keyboard
    expect(layoutFromDescriptor(NO_BYTE_COUNT_DESCRIPTOR)).toBeNull();
    // Each broken descriptor is a good one with one flaw, so it is the flaw that gives null.
    const spaced = (bytes: Uint8Array) => ` ${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ')} `;
    const [aim, noAim, vendor, compact] = ['aim', 'no-aim', 'vendor-62', null].map((p) => spaced(FIXTURES.find((f) => f.preset === p)!.descriptor));
    const edit = (text: string, from: string, to: string) => {
      expect(text).toContain(` ${from} `);
      return text.replace(` ${from} `, ` ${to} `);
    };
    const cases: Record<string, string> = {
      empty: '',
      'item cut short': '05',
      'long item cut short': 'fe 05 00 01 02',
      'End Collection without Collection': `${noAim} c0`,
      'Pop without Push': edit(vendor!, 'a4', ''),
      'Push left on the stack past sanity': `${'a4 '.repeat(40)}${noAim}`,
      'Collections nested past sanity': `${'a1 02 '.repeat(40)}${noAim}${' c0'.repeat(40)}`,
      'Report ID 0': edit(noAim!, '85 02', '85 00'),
      'Report ID past 255': edit(noAim!, '85 02', '86 00 01'),
      'Report Count past any report': edit(noAim!, '95 3d', '97 ff ff ff 7f'),
      'Usage Maximum below Minimum': edit(compact!, '19 fb 29 fd', '19 fd 29 fb'),
      'AIM id bytes out of order': edit(aim!, '09 fb 09 fc 09 fd', '09 fb 09 fd 09 fc'),
      'AIM id incomplete': edit(aim!, '09 fb 09 fc 09 fd', '09 fb 09 fc 09 00'),
      'a 16-bit Byte Count': edit(noAim!, '75 08 95 01 05 01 09 3b', '75 10 95 01 05 01 09 3b'),
    };
    for (const [name, text] of Object.entries(cases)) expect(layoutFromDescriptor(hex(text)), name).toBeNull();
    for (const good of [aim, noAim, vendor, compact]) expect(layoutFromDescriptor(hex(good!))).not.toBeNull();
  });

  it('arbitrary bytes never throw, and anything derived stays inside a report', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const layout = layoutFromDescriptor(bytes);
        expect(layout === null || sane(layout)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('fixture descriptors with bytes changed never throw, and anything derived stays inside a report', () => {
    const descriptors = FIXTURES.map((f) => f.descriptor);
    fc.assert(
      fc.property(fc.constantFrom(...descriptors), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (descriptor, edits) => {
        const bytes = Uint8Array.from(descriptor);
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        const layout = layoutFromDescriptor(bytes);
        expect(layout === null || sane(layout)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
