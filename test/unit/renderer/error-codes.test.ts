import { describe, expect, it } from 'vitest';
import i18n from '../../../renderer/src/i18n';
import { ContractError } from '../../../renderer/src/contract-error';
import { errorText, refusalText } from '../../../renderer/src/components/errors';

const t = (language: string) => i18n.getFixedT(language) as unknown as (key: string, options?: Record<string, unknown>) => string;

describe('refused calls in the cashier’s language', () => {
  it('words a refused call by the reason code in its details, with its values', () => {
    const blocked = new ContractError({ code: 'unavailable', message: 'No connection … limit of 3 …', details: { reasonCode: 'offline_cap', params: { cap: 3 } } });
    expect(refusalText(blocked, t('fi'))).toContain('tämän päivän 3 ilman yhteyttä');
    expect(errorText(blocked, t('sv'))).toContain('dagens gräns på 3 inlösen');
    const plainError = new ContractError({ code: 'unavailable', message: 'Service down' });
    expect(refusalText(plainError, t('fi'))).toBeNull();
    expect(errorText(plainError, t('fi'))).toBe('Ei käytettävissä juuri nyt: Service down');
  });

});
