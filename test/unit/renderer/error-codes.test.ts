import { beforeAll, describe, expect, it } from 'vitest';
import i18n from '../../../renderer/src/i18n';
import { ContractError } from '../../../renderer/src/contract-error';
import { errorText, refusalText } from '../../../renderer/src/components/errors';

const t = (language: string) => i18n.getFixedT(language) as unknown as (key: string, options?: Record<string, unknown>) => string;
// Finnish and Swedish are loaded on demand (renderer/src/i18n/index.ts); getFixedT does not load them.
beforeAll(() => i18n.loadLanguages(['fi', 'sv']));

describe('refused calls in the cashier’s language', () => {
  it('words a refused call by the reason code in its details, with its values', () => {
    const blocked = new ContractError({ code: 'unavailable', message: 'No connection … limit of 3 …', details: { reasonCode: 'offline_cap', params: { cap: 3 } } });
    expect(refusalText(blocked, t('fi'))).toContain('tämän päivän 3 ilman yhteyttä');
    expect(errorText(blocked, t('sv'))).toContain('dagens gräns på 3 inlösen');
    const plainError = new ContractError({ code: 'unavailable', message: 'Service down' });
    expect(refusalText(plainError, t('fi'))).toBeNull();
    expect(errorText(plainError, t('fi'))).toBe('Ei käytettävissä juuri nyt: Service down');
  });

  it('words a refused manager PIN by its code: wrong, missing, or locked for a while', () => {
    const wrong = new ContractError({ code: 'pin_required', message: 'Wrong manager PIN.', details: { reasonCode: 'pin_wrong' } });
    expect(errorText(wrong, t('en'))).toBe('Wrong manager PIN.');
    expect(errorText(wrong, t('fi'))).toBe('Väärä esihenkilön PIN.');
    const locked = new ContractError({ code: 'pin_required', message: 'Too many wrong PINs. Try again in 30 s.', details: { reasonCode: 'pin_locked', params: { seconds: 30 } } });
    expect(refusalText(locked, t('sv'))).toBe('För många fel PIN-koder. Försök igen om 30 s.');
    expect(errorText(new ContractError({ code: 'pin_required', message: 'Manager PIN required.', details: { reasonCode: 'pin_missing' } }), t('sv'))).toBe('Chefens PIN-kod behövs.');
  });

  it('words a new PIN of the wrong shape (refused by the contract’s check) in the language, other invalid input as before', () => {
    const short = new ContractError({ code: 'invalid_input', message: '✖ The PIN is 4 to 8 digits\n  → at newPin', details: [{ code: 'invalid_format', format: 'regex', path: ['newPin'], message: 'The PIN is 4 to 8 digits' }] });
    expect(errorText(short, t('fi'))).toBe('Esihenkilön PIN-koodissa on 4–8 numeroa.');
    expect(errorText(short, t('en'))).toBe('A manager PIN is 4 to 8 digits.');
    const other = new ContractError({ code: 'invalid_input', message: 'limit: too big', details: [{ code: 'too_big', path: ['limit'], message: 'too big' }] });
    expect(errorText(other, t('fi'))).not.toContain('PIN');
  });

});
