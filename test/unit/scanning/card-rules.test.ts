import { describe, expect, it } from 'vitest';
import { Settings } from '../../../preload/schemas/settings';
import { applyCardRule, decodePayload, previewOf, type CardRule } from '../../../main/core/scanning/card-rules';
import { extractGsrn, gs1CheckDigit, productCodeKind } from '../../../main/core/common/gs1';
import { stripAim, symbologyName } from '../../../main/core/scanning/aim';

const rule = (patch: Partial<CardRule> = {}): CardRule => Settings.parse({ cardRule: patch }).cardRule;
const cardu = rule();

/** Payloads as scanners really deliver them, and what the default Cardu rule makes of them. */
const fixtures: [string, string, { card?: string; reason?: RegExp; symbology?: string }][] = [
  ['QR without AIM prefix', 'CU-7H3K9P2A', { card: 'CU-7H3K9P2A' }],
  ['QR with AIM prefix', ']Q1CU-7H3K9P2A', { card: 'CU-7H3K9P2A', symbology: 'QR Code' }],
  ['surrounding whitespace and CR', '  CU-4M8Q1Z6T \r', { card: 'CU-4M8Q1Z6T' }],
  ['lower case kept as scanned', 'cu-abc123', { card: 'cu-abc123' }],
  ['Data Matrix with AIM', ']d1ABCDEF1234', { card: 'ABCDEF1234', symbology: 'Data Matrix' }],
  ['EAN-13 product code', '6417182001239', { reason: /EAN-13 product code/ }],
  ['EAN-13 with AIM prefix', ']E06417182001239', { reason: /EAN-13 product code/, symbology: 'EAN-13' }],
  ['EAN-8 product code', '96385074', { reason: /EAN-8 product code/ }],
  ['UPC-A product code', '036000291452', { reason: /UPC-A product code/ }],
  ['13 digits with a wrong check digit is a card number', '6417182001238', { card: '6417182001238' }],
  ['GSRN digits (accepted as plain card number)', '735005385000000008', { card: '735005385000000008' }],
  ['URL', 'https://cardu.example/c/CU-7H3K9P2A', { reason: /web address/ }],
  ['URL with AIM', ']Q1http://example.com', { reason: /web address/ }],
  ['empty', '', { reason: /Nothing was read/ }],
  ['only whitespace', ' \t ', { reason: /Nothing was read/ }],
  ['only an AIM prefix', ']Q1', { reason: /Nothing was read/ }],
  ['too short', 'AB12', { reason: /too short/ }],
  ['too long', 'A'.repeat(33), { reason: /too long/ }],
  ['spaces inside', 'CU 7H3K 9P2A', { reason: /characters a card number cannot have/ }],
  ['HTML', '<img src=x onerror=alert(1)>', { reason: /characters a card number cannot have/ }],
  ['control characters', 'CU-\u0007ABCDEF', { reason: /control characters/ }],
  ['4 KiB of noise', 'x9#'.repeat(1366), { reason: /too long/ }],
];

describe('card rules: real-world payloads with the default Cardu rule', () => {
  it.each(fixtures)('%s', (_name, payload, expected) => {
    const result = applyCardRule(payload, cardu);
    if (expected.card !== undefined) {
      expect(result).toMatchObject({ ok: true, cardId: expected.card });
    } else {
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toMatch(expected.reason!);
    }
    if (expected.symbology) expect(result.symbology).toBe(expected.symbology);
  });
});

describe('other rule types', () => {
  it('regex with a named group "card"', () => {
    const r = rule({ kind: 'regex', pattern: '^https://cardu\\.example/c/(?<card>[A-Z0-9-]+)$' });
    expect(applyCardRule('https://cardu.example/c/CU-7H3K9P2A', r)).toMatchObject({ ok: true, cardId: 'CU-7H3K9P2A' });
    expect(applyCardRule('https://other.example/c/X', r)).toMatchObject({ ok: false, code: 'no_match' });
  });

  it('refuses a regex setting without the named group', () => {
    expect(() => Settings.parse({ cardRule: { kind: 'regex', pattern: '^(\\d+)$' } })).toThrow(/named group/);
    expect(() => Settings.parse({ cardRule: { kind: 'regex', pattern: '(?<card>[' } })).toThrow(/named group/);
  });

  it('prefix and suffix stripping', () => {
    const r = rule({ kind: 'affix', prefix: 'LOY:', suffix: '#' });
    expect(applyCardRule('LOY:ABC12345#', r)).toMatchObject({ ok: true, cardId: 'ABC12345' });
    expect(applyCardRule('ABC12345#', r)).toMatchObject({ ok: false, reason: expect.stringMatching(/prefix is missing/) });
    expect(applyCardRule('LOY:ABC12345', r)).toMatchObject({ ok: false, reason: expect.stringMatching(/suffix is missing/) });
  });

  it('GS1 GSRN with its mod-10 check digit, with or without AI 8018', () => {
    const r = rule({ gsrnCheck: true, maxLength: 32 });
    const body = '73500538500000000';
    const gsrn = `${body}${gs1CheckDigit(body)}`;
    expect(applyCardRule(gsrn, r)).toMatchObject({ ok: true, cardId: gsrn });
    expect(applyCardRule(`(8018)${gsrn}`, r)).toMatchObject({ ok: true, cardId: gsrn });
    expect(applyCardRule(`]C1\u001d8018${gsrn}`, r)).toMatchObject({ ok: true, cardId: gsrn, symbology: 'GS1-128' });
    const wrong = `${body}${(gs1CheckDigit(body) + 1) % 10}`;
    expect(applyCardRule(wrong, r)).toMatchObject({ ok: false, code: 'gsrn' });
    expect(applyCardRule('CU-7H3K9P2A', r)).toMatchObject({ ok: false, code: 'gsrn' });
  });

  it('accepts product-code-shaped cards when the store turns the check off', () => {
    expect(applyCardRule('6417182001239', rule({ refuseProductCodes: false }))).toMatchObject({ ok: true, cardId: '6417182001239' });
  });
});

describe('payload checks before the rules', () => {
  it('refuses binary and oversized payloads', () => {
    expect(decodePayload(Buffer.from([0xff, 0xfe, 0x41]))).toMatchObject({ ok: false, code: 'binary' });
    expect(decodePayload(Buffer.alloc(4096, 0x41))).toMatchObject({ ok: false, code: 'too_long' });
    expect(decodePayload(Buffer.from('CU-7H3K9P2A'))).toEqual({ ok: true, text: 'CU-7H3K9P2A' });
    expect(decodePayload(Buffer.from('Äänekoski-123'))).toEqual({ ok: true, text: 'Äänekoski-123' });
  });

  it('makes a short printable preview', () => {
    expect(previewOf('A\u0000B')).toBe('A·B');
    expect(previewOf('x'.repeat(100))).toHaveLength(41);
  });
});

describe('GS1 and AIM helpers', () => {
  it('computes GS1 check digits', () => {
    expect(gs1CheckDigit('641718200123')).toBe(9);
    expect(productCodeKind('4006381333931')).toBe('EAN-13');
    expect(productCodeKind('4006381333932')).toBeNull();
    expect(extractGsrn('123')).toBeNull();
  });

  it('names AIM symbologies', () => {
    expect(symbologyName(']Q1')).toBe('QR Code');
    expect(symbologyName(']E4')).toBe('EAN-8');
    expect(symbologyName(']C0')).toBe('Code 128');
    expect(symbologyName('abc')).toBeUndefined();
    expect(stripAim(']Q1X')).toEqual({ aim: ']Q1', rest: 'X' });
    expect(stripAim('X]Q1')).toEqual({ aim: null, rest: 'X]Q1' });
  });
});
