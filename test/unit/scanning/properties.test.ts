import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Settings } from '../../../preload/schemas/settings';
import { applyCardRule, decodePayload } from '../../../main/core/scanning/card-rules';
import { createFramer } from '../../../main/core/scanning/framer';
import { createHidAssembler, decodeHidReport, encodeHidReports } from '../../../main/core/scanning/hid-pos-decoder';
import { createWedgeDetector, type KeyInput } from '../../../renderer/src/scanning/wedge-detector';

const rule = Settings.parse({}).cardRule;
const wedge = { maxGapMs: 40, minLength: 6, prefix: '', suffix: 'Enter' as const };
const labelChars = fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-'.split(''));
const label = fc.array(labelChars, { minLength: 6, maxLength: 32 }).map((a) => a.join(''));

/** The key presses a US-layout scanner or keyboard sends for one character. */
function keysFor(char: string): { code: string; shiftKey: boolean } {
  if (/[a-z]/.test(char)) return { code: `Key${char.toUpperCase()}`, shiftKey: false };
  if (/[A-Z]/.test(char)) return { code: `Key${char}`, shiftKey: true };
  if (/\d/.test(char)) return { code: `Digit${char}`, shiftKey: false };
  return { code: 'Minus', shiftKey: false };
}

function typeLabel(text: string, gaps: number[], start = 1000): KeyInput[] {
  let time = start;
  const keys = [...text].map((c, i) => {
    time += gaps[i % gaps.length]!;
    return { ...keysFor(c), time };
  });
  time += gaps[0]!;
  return [...keys, { code: 'Enter', shiftKey: false, time }];
}

describe('HID POS decoder (properties)', () => {
  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 128 }), (bytes) => {
        decodeHidReport(bytes);
        createHidAssembler().push(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes every valid label, across as many reports as it takes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 600 }), fc.constantFrom(']Q1', ']C0', ']E0', ']d1'), (bytes, aim) => {
        const assembler = createHidAssembler();
        const reports = encodeHidReports(bytes, aim);
        const results = reports.map((r) => assembler.push(r));
        expect(results.slice(0, -1).every((r) => r === null)).toBe(true);
        const last = results.at(-1);
        expect(last && 'label' in last && Buffer.compare(last.label.bytes, Buffer.from(bytes))).toBe(0);
        expect(last && 'label' in last && last.label.aim).toBe(aim);
      }),
      { numRuns: 500 },
    );
  });
});

describe('keyboard-wedge detector (properties)', () => {
  it('never takes human typing (80-200 ms per key) for a scan', () => {
    fc.assert(
      fc.property(label, fc.array(fc.integer({ min: 80, max: 200 }), { minLength: 1, maxLength: 40 }), (text, gaps) => {
        const detector = createWedgeDetector(wedge);
        expect(typeLabel(text, gaps).map((k) => detector.feed(k).kind)).not.toContain('scan');
      }),
      { numRuns: 1000 },
    );
  });

  it('always takes scanner bursts (1-20 ms per key) for a scan, decoding the exact label', () => {
    fc.assert(
      fc.property(label, fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 1e6 }), (text, gaps, start) => {
        const detector = createWedgeDetector(wedge);
        const outcomes = typeLabel(text, gaps, start).map((k) => detector.feed(k));
        expect(outcomes.at(-1)).toEqual({ kind: 'scan', text, keys: text.length });
      }),
      { numRuns: 1000 },
    );
  });

  it('finds the burst even after slow typing in the same field', () => {
    const detector = createWedgeDetector(wedge);
    for (const k of typeLabel('hello', [150])) detector.feed(k);
    const outcome = typeLabel('CU-7H3K9P2A', [8], 10_000).map((k) => detector.feed(k)).at(-1);
    expect(outcome).toEqual({ kind: 'scan', text: 'CU-7H3K9P2A', keys: 11 });
  });
});

describe('card rules and serial framing (properties)', () => {
  it('never throw on arbitrary text or bytes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), fc.uint8Array({ maxLength: 700 }), (text, bytes) => {
        const result = applyCardRule(text, rule);
        expect(typeof result.ok).toBe('boolean');
        decodePayload(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('frames the same labels however the bytes are split across writes', () => {
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 20 }), fc.constantFrom('CR', 'LF', 'CRLF') , fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }), (labels, term, cuts) => {
        const sep = term === 'CR' ? '\r' : term === 'LF' ? '\n' : '\r\n';
        const stream = Buffer.from(labels.map((l) => l + sep).join(''));
        const framer = createFramer(term);
        const out: string[] = [];
        for (let i = 0, c = 0; i < stream.length; c += 1) {
          const size = cuts[c % cuts.length]!;
          for (const f of framer.push(stream.subarray(i, i + size))) if (f.kind === 'label') out.push(f.bytes.toString());
          i += size;
        }
        expect(out).toEqual(labels);
      }),
      { numRuns: 500 },
    );
  });
});

describe('wedge key decoding', () => {
  it('decodes by physical key, whatever the layout, and takes letter case from Shift, Caps Lock or key', async () => {
    const { charForCode } = await import('../../../renderer/src/scanning/wedge-detector');
    expect(charForCode('Minus', false, '+')).toBe('-'); // Finnish layout: the "-" key position types "+"
    expect(charForCode('KeyY', false, 'z')).toBe('y'); // QWERTZ: physical Y
    expect(charForCode('KeyY', true, 'Z')).toBe('Y');
    expect(charForCode('KeyA', false, 'A')).toBe('A');
    expect(charForCode('KeyA', false, undefined, true)).toBe('A');
    expect(charForCode('Digit7', false, '7')).toBe('7');
    expect(charForCode('F5', false, 'F5')).toBeNull();
  });
});
