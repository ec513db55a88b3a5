import { describe, expect, it } from 'vitest';
import { errorsFromContract, initialDraft, resultText, testPassed, toConnectInput, validateDraft, type ConnectDraft } from '../../../renderer/src/views/setup/connect-form';
import { ServiceCheck, SetupFieldError } from '../../../preload/schemas/setup';
import en from '../../../renderer/src/i18n/first-run/en';
import fi from '../../../renderer/src/i18n/first-run/fi';
import sv from '../../../renderer/src/i18n/first-run/sv';

const filled = (patch: Partial<ConnectDraft> = {}): ConnectDraft => ({
  ...initialDraft(null),
  custobarUrl: 'https://acme.custobar.com',
  custobarToken: 'tok',
  pin: '2468',
  pinAgain: '2468',
  ...patch,
});
const none = { pinSet: false, custobarTokenStored: false, benefitsTokenStored: false };
const lookup = (resources: object, key: string): unknown => key.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], resources);

describe('the connect form', () => {
  it('asks for what is missing before calling the core', () => {
    expect(validateDraft(filled(), none)).toEqual({ fields: {}, form: null });
    const empty = validateDraft(filled({ custobarUrl: ' ', custobarToken: '', shopId: '', pin: '' }), none);
    expect(empty.fields).toEqual({ custobarUrl: 'setup.errors.required', custobarToken: 'setup.errors.required', shopId: 'setup.errors.required', pin: 'setup.errors.required' });
    expect(empty.form).toEqual({ key: 'setup.errors.fixFields' });
    // A stored token may be kept; a benefits address needs its token.
    expect(validateDraft(filled({ custobarToken: '' }), { ...none, custobarTokenStored: true }).fields).toEqual({});
    expect(validateDraft(filled({ benefitsUrl: 'https://b.example.com' }), none).fields).toEqual({ benefitsToken: 'setup.errors.required' });
  });

  it('wants a new PIN of 4 to 8 digits typed twice alike, an existing one once', () => {
    expect(validateDraft(filled({ pin: '12a4', pinAgain: '12a4' }), none).fields).toEqual({ pin: 'setup.errors.pinFormat' });
    expect(validateDraft(filled({ pin: '123456789', pinAgain: '123456789' }), none).fields).toEqual({ pin: 'setup.errors.pinFormat' });
    expect(validateDraft(filled({ pinAgain: '2469' }), none).fields).toEqual({ pinAgain: 'setup.errors.pinMismatch' });
    expect(validateDraft(filled({ pinAgain: '' }), { ...none, pinSet: true }).fields).toEqual({});
  });

  it('sends trimmed values', () => {
    const input = toConnectInput(filled({ custobarUrl: ' https://acme.custobar.com ', shopId: ' S-1 ', tillId: ' T ' }));
    expect(input).toMatchObject({ custobar: { baseUrl: 'https://acme.custobar.com', authScheme: 'Token', token: 'tok' }, general: { shopId: 'S-1', tillId: 'T' }, pin: '2468' });
  });

  it('puts the core’s field errors and the contract’s schema issues at their fields', () => {
    const own = errorsFromContract({
      message: 'x',
      details: { fields: [{ field: 'custobar.baseUrl', code: 'https_required', message: '' }, { field: 'pin', code: 'pin_wrong', message: '' }] },
    });
    expect(own).toEqual({ fields: { custobarUrl: 'setup.errors.https_required', pin: 'setup.errors.pin_wrong' }, form: { key: 'setup.errors.fixFields' } });
    expect(errorsFromContract({ message: 'x', details: [{ path: ['pin'] }] }).fields).toEqual({ pin: 'setup.errors.pinFormat' });
    expect(errorsFromContract({ message: 'Leave the demo first' })).toEqual({ fields: {}, form: { text: 'Leave the demo first' } });
  });

  it('counts an unused benefits service as passing, a refused one as failing', () => {
    const ok = { ok: true, code: 'ok', message: '', status: 200 } as const;
    expect(testPassed({ custobar: ok, benefits: { ok: false, code: 'not_configured', message: '', status: null } })).toBe(true);
    expect(testPassed({ custobar: ok, benefits: { ok: false, code: 'unauthorized', message: '', status: 401 } })).toBe(false);
    expect(testPassed({ custobar: { ...ok, ok: false, code: 'timeout' }, benefits: null })).toBe(false);
  });

  it('words every result code and every field error in en, fi and sv', () => {
    // From the schemas, so a code added in the core without words in the UI fails here.
    const codes = ServiceCheck.shape.code.options;
    const keys = codes.flatMap((code) => (['custobar', 'benefits'] as const).map((s) => resultText(s, { ok: code === 'ok', code, message: '', status: 500 }).key));
    keys.push(...SetupFieldError.shape.code.options.map((c) => `setup.errors.${c}`));
    for (const [name, resources] of Object.entries({ en, fi, sv })) {
      for (const key of keys) expect(typeof lookup(resources, key), `${name}: ${key}`).toBe('string');
    }
    expect(resultText('custobar', { ok: false, code: 'unauthorized', message: '', status: 401 }).key).toBe('setup.result.unauthorized_custobar');
  });
});
