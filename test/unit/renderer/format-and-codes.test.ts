import { beforeAll, describe, expect, it } from 'vitest';
import i18n, { languages } from '../../../renderer/src/i18n';
import { age, bytes, duration, minutes, money, number } from '../../../renderer/src/components/format';
import { checkoutMessageText, redemptionReasonText, scannerMessageText, scanReasonText, warningText } from '../../../renderer/src/components/core-text';
import { problemWords, sections } from '../../../renderer/src/views/settings-fields';

// Intl puts a no-break space (or a narrow one) between number and unit; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const t = (language: string) => i18n.getFixedT(language) as unknown as (key: string, options?: Record<string, unknown>) => string;
// Finnish and Swedish are loaded on demand (renderer/src/i18n/index.ts); getFixedT does not load them.
beforeAll(() => i18n.loadLanguages(['fi', 'sv']));

describe('numbers, money and sizes in the chosen language', () => {
  it('writes euros with the language’s decimal mark', () => {
    expect(plain(money(5, 'fi'))).toBe('5,00 €');
    expect(plain(money(5, 'sv'))).toBe('5,00 €');
    expect(plain(money(5, 'en'))).toBe('€5.00');
    expect(plain(money(1234.5, 'fi'))).toBe('1 234,50 €');
  });

  it('writes sizes with local unit words: Mt in Finnish, MB in Swedish and English', () => {
    const size = 4.1 * 1024 * 1024;
    expect(plain(bytes(size, 'fi'))).toBe('4,1 Mt');
    expect(plain(bytes(size, 'sv'))).toBe('4,1 MB');
    expect(plain(bytes(size, 'en'))).toBe('4.1 MB');
    expect(plain(bytes(400 * 1024, 'fi'))).toBe('400 kt');
    expect(plain(bytes(400 * 1024, 'sv'))).toBe('400 kB');
  });

  it('writes durations with the language’s unit words', () => {
    expect(plain(duration(2 * 3600 + 5 * 60, 'fi'))).toBe('2 t 5 min');
    expect(plain(duration(2 * 3600 + 5 * 60, 'sv'))).toBe('2 tim 5 min');
    expect(plain(duration(4 * 86400, 'fi'))).toBe('4 pv');
    expect(plain(duration(45, 'sv'))).toBe('45 s');
    expect(plain(minutes(60, 'fi'))).toBe('60 min');
    const now = Date.parse('2026-12-01T12:00:00Z');
    expect(plain(age('2026-12-01T09:00:00Z', 'fi', now))).toBe('3 t 0 min');
    expect(age(null, 'fi')).toBe('—');
  });

  it('writes plain numbers with the language’s decimal mark and grouping', () => {
    expect(plain(number(12.5, 'fi'))).toBe('12,5');
    expect(plain(number(1234.5, 'sv'))).toBe('1 234,5');
    expect(number(12.5, 'en')).toBe('12.5');
  });

  it('shows an amount benefit in euros of the language', () => {
    expect(plain(t('fi')('benefit.amount', { value: money(5, 'fi') }))).toBe('-5,00 €');
    expect(plain(t('en')('benefit.amount', { value: money(5, 'en') }))).toBe('€5.00 off');
  });
});

describe('core messages translated from their codes', () => {
  it('words a refused scan by its code, with its values; the English reason only for an unknown code', () => {
    const scan = { reason: 'Not a loyalty card: too short (3 characters, at least 6).', reasonCode: 'too_short', reasonParams: { length: 3, min: 6 } };
    expect(scanReasonText(scan, t('fi'))).toBe('Ei kanta-asiakaskortti: liian lyhyt (3 merkkiä, vähintään 6).');
    expect(scanReasonText(scan, t('sv'))).toBe('Inget kundkort: för kort (3 tecken, minst 6).');
    expect(scanReasonText({ reason: 'Not a loyalty card: this code is a web address.', reasonCode: 'url' }, t('fi'))).toBe('Ei kanta-asiakaskortti: tämä koodi on verkko-osoite.');
    expect(scanReasonText({ reason: 'Something new', reasonCode: 'brand_new_code' }, t('fi'))).toBe('Something new');
    const ean = { reason: 'Not a loyalty card: this looks like an EAN-13 product code.', reasonCode: 'product_code', reasonParams: { kind: 'EAN-13' } };
    expect(scanReasonText(ean, t('en'))).toBe(ean.reason);
    expect(scanReasonText(ean, t('sv'))).toBe('Inget kundkort: det här ser ut som en EAN-13-produktkod.');
    expect(scanReasonText({ ...ean, reasonParams: undefined }, t('fi'))).toBe('Ei kanta-asiakaskortti: tämä näyttää tuotekoodilta.');
  });

  it('words checkout messages by code, naming the card', () => {
    const state = { message: 'No customer has the card 123.', messageCode: 'not_found', cardId: '123', benefitsOffline: false };
    expect(checkoutMessageText(state, t('fi'))).toBe('Kortilla 123 ei löydy asiakasta.');
    expect(checkoutMessageText(state, t('sv'))).toBe('Ingen kund har kortet 123.');
    expect(checkoutMessageText({ ...state, messageCode: 'benefits_offline', benefitsOffline: true }, t('sv'))).toBe('Ingen anslutning: förmånerna som visas är från kassans senaste kontroll.');
  });

  it('words refused redemptions by code and keeps the benefits service’s own words as the detail', () => {
    expect(redemptionReasonText({ reason: 'Cancelled at the till before it was sent.', reasonCode: 'cancelled' }, t('fi'))).toBe('Peruttu kassalla ennen lähettämistä.');
    expect(redemptionReasonText({ reason: 'already used', reasonCode: 'refused' }, t('sv'))).toBe('Avvisad av förmånstjänsten: already used');
    expect(redemptionReasonText({ reason: null, reasonCode: null }, t('fi'))).toBeNull();
  });

  it('words Status warnings by code, with sizes formatted for the language', () => {
    const w = { code: 'outbox_disk', message: 'The outbox is full (50 MB of 50 MB) …', at: '2026-12-01T00:00:00Z', params: { variant: 'full', usedBytes: 52428800, capBytes: 52428800 } };
    expect(plain(warningText(w, t('fi'), 'fi'))).toContain('Lähtevä jono on täynnä (50,0 Mt / 50,0 Mt)');
    expect(plain(warningText({ ...w, params: { usedBytes: 41943040, capBytes: 52428800 } }, t('sv'), 'sv'))).toContain('Utkorgen använder 40,0 MB av sitt tak på 50,0 MB');
    const disk = { code: 'disk_full', message: 'The disk holding /x is full…', at: '', params: { file: '/data/till-companion.db' } };
    expect(warningText(disk, t('fi'), 'fi')).toContain('Levy, jolla /data/till-companion.db on, on täynnä');
    const origin = { code: 'credential_origin.custobarToken', message: 'The Custobar token …', at: '', params: { current: 'https://b.example' } };
    expect(warningText(origin, t('sv'), 'sv')).toContain('skickas inte till https://b.example');
    expect(warningText({ code: 'new_code', message: 'Only English', at: '' }, t('fi'), 'fi')).toBe('Only English');
    const dropped = { code: 'unknown_fields', message: 'Fields Custobar does not know were dropped …', at: '', params: { type: 'sales', count: 2, fields: 'phone_numbr' } };
    expect(warningText(dropped, t('sv'), 'sv')).toBe('Fält som Custobar inte känner till togs bort från 2 poster (Försäljning): phone_numbr. Byt namn på dem med fältkartan (exports.fieldMap) eller rätta exporten.');
  });

  it('words scanner status lines by code, with numbers of the language', () => {
    const s = { message: 'port closed; retrying in 1.5 s', messageCode: 'reconnecting', messageParams: { reason: 'port closed', seconds: 1.5 } };
    expect(plain(scannerMessageText(s, t('fi'), 'fi')!)).toBe('Yhteys katkesi (port closed); yritetään uudelleen 1,5 s kuluttua');
    expect(scannerMessageText({ message: 'Paused while pairing a scanner', messageCode: 'pairing' }, t('sv'), 'sv')).toBe('Pausad medan en läsare paras ihop');
    expect(scannerMessageText({ message: null, messageCode: null }, t('sv'), 'sv')).toBeNull();
  });

  it('words refused settings by issue code and limit, the limit as the language writes numbers', () => {
    const def = (path: string) => sections.flatMap((s) => s.fields).find((f) => f.path === path);
    const small = { path: 'scanner.sameCardWindowSec', code: 'too_small', message: 'Too small: expected number to be >=0', limit: 0, origin: 'number' };
    expect(problemWords(def(small.path), small, t('fi'), 'fi')).toBe('Vähintään 0.');
    expect(problemWords(undefined, { ...small, code: 'too_big', limit: 100, origin: 'string' }, t('sv'), 'sv')).toBe('Högst 100 tecken.');
    expect(plain(problemWords(def('exports.ingestPort'), { path: 'exports.ingestPort', code: 'too_big', message: 'Too big', limit: 65535, origin: 'number' }, t('fi'), 'fi'))).toBe('Enintään 65 535.');
    expect(problemWords(undefined, { path: 'general.storeTimeZone', code: 'time_zone', message: 'an IANA time zone' }, t('sv'), 'sv')).toBe('En IANA-tidszon som Europe/Helsinki.');
    expect(problemWords(undefined, { path: 'x', code: 'never_heard_of', message: 'English' }, t('fi'), 'fi')).toBe('English');
    // A format names what the field accepts: the field's own words, or the core's message for a field without them.
    const format = { path: 'permissions.joinEventType', code: 'invalid_format', message: 'upper-case letters, digits and _' };
    expect(problemWords(def(format.path), format, t('fi'), 'fi')).toBe('Isoja kirjaimia, numeroita ja _.');
    expect(problemWords(def('permissions.consentText.version'), { ...format, path: 'permissions.consentText.version' }, t('sv'), 'sv')).toBe('Bara bokstäver, siffror, punkt, bindestreck och _.');
    expect(problemWords(def('scanner.hid.posModeReport'), { ...format, path: 'scanner.hid.posModeReport', code: 'invalid_union' }, t('fi'), 'fi')).toBe('Tavuja heksadesimaalina, esimerkiksi "fd 03 10".');
    expect(problemWords(undefined, { ...format, path: 'updates.channel', message: 'lower-case letters, digits and -' }, t('sv'), 'sv')).toBe('lower-case letters, digits and -');
  });

  it('names every select option with a translated word, not the raw value "none"', () => {
    const options = sections.flatMap((s) => s.fields).flatMap((f) => Object.values(f.options ?? {}));
    expect(options.length).toBeGreaterThan(0);
    for (const label of options) {
      // Key names, line endings, HTTP auth schemes, product names, numbers and each language's own name are the same in every language.
      if (['CR', 'LF', 'CRLF', 'Enter', 'Tab', 'Token', 'Bearer', 'Custobar', 'Solteq Commerce Cloud', ...Object.values(languages)].includes(label) || /^\d+$/.test(label)) continue;
      expect(i18n.exists(label), label).toBe(true);
    }
    expect(t('fi')('option.none')).toBe('ei mitään');
  });
});
