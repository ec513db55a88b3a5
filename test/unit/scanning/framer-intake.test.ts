import { describe, expect, it } from 'vitest';
import { Settings } from '../../../preload/schemas/settings';
import { createFramer } from '../../../main/core/scanning/framer';
import { ScanIntake } from '../../../main/core/scanning/scan-intake';

const labels = (frames: ReturnType<ReturnType<typeof createFramer>['push']>) =>
  frames.map((f) => (f.kind === 'label' ? f.bytes.toString() : `overflow:${f.size}`));

describe('serial framer', () => {
  it('splits on each terminator and ignores empty lines', () => {
    expect(labels(createFramer('CR').push(Buffer.from('A1\rB2\r\r')))).toEqual(['A1', 'B2']);
    expect(labels(createFramer('LF').push(Buffer.from('A1\nB2\r\n')))).toEqual(['A1', 'B2']);
    expect(labels(createFramer('CRLF').push(Buffer.from('A1\r\nB2\r\n')))).toEqual(['A1', 'B2']);
    const none = createFramer('none');
    expect(labels(none.push(Buffer.from('ABC')))).toEqual([]);
    expect(labels(none.flush())).toEqual(['ABC']);
  });

  it('tolerates a scanner sending CRLF to a port set to CR', () => {
    expect(labels(createFramer('CR').push(Buffer.from('A1\r\nB2\r\n')))).toEqual(['A1', 'B2']);
  });

  it('drops a run without terminator once it is too long, then recovers', () => {
    const framer = createFramer('CR', 16);
    expect(labels(framer.push(Buffer.alloc(20, 0x41)))).toEqual(['overflow:20']);
    expect(labels(framer.push(Buffer.from('more junk\rCARD-1234\r')))).toEqual(['CARD-1234']);
  });
});

describe('scan intake', () => {
  const make = (now: () => Date, pairing?: (text: string) => boolean) =>
    new ScanIntake({ rule: () => Settings.parse({}).cardRule, sameCardWindowMs: () => 5000, now, pairing, keep: 50 });

  it('keeps the last 50 scans, newest first, accepted and rejected, with card ids exactly as scanned', () => {
    let t = 0;
    const intake = make(() => new Date(1_700_000_000_000 + (t += 10_000)));
    for (let i = 0; i < 60; i += 1) intake.receive({ source: 'manual', text: i % 2 ? `Card-${String(i).padStart(4, '0')}` : '4006381333931' });
    const recent = intake.recentScans();
    expect(recent).toHaveLength(50);
    expect(recent[0]).toMatchObject({ accepted: true, cardId: 'Card-0059', source: 'manual' });
    expect(recent[1]).toMatchObject({ accepted: false, reason: expect.stringMatching(/EAN-13/) });
    expect(recent[1]!.cardId).toBeUndefined();
    expect(Date.parse(recent[0]!.at)).toBeGreaterThan(Date.parse(recent[1]!.at));
  });

  it('treats the same card within the window as the same checkout', () => {
    let now = 0;
    const intake = make(() => new Date(now));
    const first = intake.receive({ source: 'serial', text: 'CU-7H3K9P2A' })!;
    now = 3000;
    const again = intake.receive({ source: 'serial', text: 'CU-7H3K9P2A' })!;
    now = 20_000;
    const later = intake.receive({ source: 'serial', text: 'CU-7H3K9P2A' })!;
    expect(again).toMatchObject({ repeat: true, checkoutId: first.checkoutId });
    expect(later.repeat).toBe(false);
    expect(later.checkoutId).not.toBe(first.checkoutId);
    intake.resetCheckout();
    expect(intake.receive({ source: 'serial', text: 'CU-7H3K9P2A' })!.repeat).toBe(false);
  });

  it('hands the pairing code to pairing instead of recording it', () => {
    const intake = make(() => new Date(), (text) => text === 'PAIR-ABC123');
    expect(intake.receive({ source: 'wedge', text: 'PAIR-ABC123' })).toBeNull();
    expect(intake.recentScans()).toEqual([]);
  });

  it('records a driver-side refusal and binary bytes with a reason', () => {
    const intake = make(() => new Date());
    expect(intake.receive({ source: 'serial', refused: { code: 'too_long', reason: 'too long' } })).toMatchObject({ accepted: false, reason: 'too long' });
    expect(intake.receive({ source: 'hid', bytes: Buffer.from([0xc3, 0x28]) })).toMatchObject({ accepted: false, reasonCode: 'binary' });
  });
});
