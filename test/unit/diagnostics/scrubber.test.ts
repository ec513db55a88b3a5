import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone } from '../../../main/core/logging/redact';
import { REDACTED, REMOVED, Scrubber } from '../../../main/core/diagnostics/scrubber';
import { keyKind } from '../../../main/core/diagnostics/sensitive-keys';

describe('keys in the support zip', () => {
  it.each([
    ['token', 'secret'],
    ['custobarToken', 'secret'],
    ['Authorization', 'secret'],
    ['client_secret', 'secret'],
    ['password', 'secret'],
    ['pin', 'secret'],
    ['pinHash', 'secret'],
    ['phone_number', 'phone'],
    ['sale_phone_number', 'phone'],
    ['mobile', 'phone'],
    ['email', 'email'],
    ['sale_email', 'email'],
    ['first_name', 'personal'],
    ['lastName', 'personal'],
    ['name', 'personal'],
    ['company', 'personal'],
    ['street_address', 'personal'],
    ['zip_code', 'personal'],
    ['birth_date', 'personal'],
    // Not sensitive, though they contain a sensitive word: these must survive for support.
    ['pinSet', 'plain'],
    ['tokenUrl', 'plain'],
    ['can_email', 'plain'],
    ['city', 'plain'],
    ['external_id', 'plain'],
  ])('%s is %s', (key, kind) => {
    expect(keyKind(key, null)).toBe(kind);
  });

  it('keeps an error class name and the app name, which are not people', () => {
    expect(keyKind('name', 'error')).toBe('plain');
    expect(keyKind('name', 'err')).toBe('plain');
    expect(keyKind('name', 'app')).toBe('plain');
    expect(keyKind('name', 'customer')).toBe('personal');
  });
});

describe('Scrubber', () => {
  const record = {
    external_id: 'C-1',
    first_name: 'Aino',
    last_name: 'Virtanen-Mäkelä',
    phone_number: '+358401234567',
    email: 'anna.virtanen@example.fi',
    street_address: 'Mannerheimintie 12 B',
    can_email: true,
    nested: { customer: { firstName: 'Eero' }, token: 'abc123secret', note: 'call 040 123 4567' },
  };

  it('removes personal fields, masks phones and e-mails, redacts secrets, and keeps the rest', () => {
    const out = new Scrubber([]).value(record) as Record<string, unknown>;
    expect(out).toEqual({
      external_id: 'C-1',
      first_name: REMOVED,
      last_name: REMOVED,
      phone_number: maskPhone('+358401234567'),
      email: maskEmail('anna.virtanen@example.fi'),
      street_address: REMOVED,
      can_email: true,
      nested: { customer: { firstName: REMOVED }, token: REDACTED, note: `call ${maskPhone('040 123 4567')}` },
    });
  });

  it('shows whether a secret is set without its value', () => {
    expect(new Scrubber([]).value({ secrets: { custobarToken: true, ingestToken: false }, token: '' })).toEqual({
      secrets: { custobarToken: true, ingestToken: false },
      token: '',
    });
  });

  it('removes every word of a removed name wherever it occurs later, as whole words and in any case', () => {
    const scrub = new Scrubber([]);
    scrub.value(record);
    const text = scrub.finish('refused: first_name "Aino" for VIRTANEN-mäkelä; Ainola and Eerola stay; at Mannerheimintie 12');
    expect(text).toBe(`refused: first_name "${REMOVED}" for ${REMOVED}-${REMOVED}; Ainola and Eerola stay; at ${REMOVED} 12`);
  });

  it('does not learn numbers or company forms as names, so ordinary text survives', () => {
    const scrub = new Scrubber([]);
    scrub.value({ company: 'Virtasen Kala Oy', house_number: '12' });
    expect(scrub.finish('Virtasen Kala Oy sent 12 sales')).toBe(`${REMOVED} ${REMOVED} Oy sent 12 sales`);
  });

  it("removes the till's own secrets wherever they occur, also JSON-escaped", () => {
    const scrub = new Scrubber(['SECRET-TOKEN-123456', 'with"quote\\', undefined, 'short']);
    expect(scrub.finish('used SECRET-TOKEN-123456 in a message')).toBe(`used ${REDACTED} in a message`);
    expect(scrub.finish(JSON.stringify({ msg: 'x with"quote\\ y' }))).toBe(`{"msg":"x ${REDACTED} y"}`);
    // Too short to be told from ordinary text: secrets are never that short, words often are.
    expect(scrub.finish('a short line')).toBe('a short line');
  });

  it('redacts a pino JSON line by key and pattern, and a text line by pattern', () => {
    const scrub = new Scrubber([]);
    const json = scrub.line(JSON.stringify({ level: 'info', msg: 'lookup +358401234567', authorization: 'Bearer abcdefgh', customer: { last_name: 'Virtanen' } }));
    expect(json.json).toBe(true);
    expect(JSON.parse(json.text)).toEqual({ level: 'info', msg: `lookup ${maskPhone('+358401234567')}`, authorization: REDACTED, customer: { last_name: REMOVED } });
    const text = scrub.line('{"cut off mid-write Authorization: Bearer abcdefgh1234 mail anna.virtanen@example.fi');
    expect(text.json).toBe(false);
    expect(text.text).not.toMatch(/abcdefgh1234|anna\.virtanen/);
  });
});
