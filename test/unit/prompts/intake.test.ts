import { describe, expect, it } from 'vitest';
import { parsePath, resolvePath } from '../../../main/core/common/json-path';
import { cleanText, readCampaignBody } from '../../../main/core/prompts/intake';
import { JSON_PATH, Settings } from '../../../preload/schemas/settings';

const mapping = Settings.parse({}).campaigns.mapping;
const ctx = { defaultCountry: 'FI', timeZone: 'Europe/Helsinki', now: Date.parse('2030-06-01T12:00:00Z') };

describe('campaign prompt intake', () => {
  it('the settings schema and the resolver read the same path grammar', () => {
    for (const path of ['$', '$.items', '$.person.id', '$.a[0]', '$.data[12].contacts[0].phone_number', '$.with-dash._x']) {
      expect(JSON_PATH.test(path), path).toBe(true);
      expect(parsePath(path), path).not.toBeNull();
    }
    for (const path of ['items', '$.', '$..a', '$[a]', '$.a[-1]', '$.0a', "$['a']", '$.a.*', ' $.a b']) {
      expect(JSON_PATH.test(path), path).toBe(false);
      expect(parsePath(path), path).toBeNull();
    }
    expect(parsePath('$.data[2].id')).toEqual(['data', 2, 'id']);
  });

  it('resolves own properties only', () => {
    const value = { a: [{ b: 1 }], n: null };
    expect(resolvePath(value, ['a', 0, 'b'])).toBe(1);
    expect(resolvePath(value, ['a', 1, 'b'])).toBeUndefined();
    expect(resolvePath(value, ['n', 'x'])).toBeUndefined();
    expect(resolvePath(value, ['constructor'])).toBeUndefined();
    expect(resolvePath(value, ['__proto__'])).toBeUndefined();
    expect(resolvePath([1, 2], [])).toEqual([1, 2]);
  });

  it('keeps markup as it is and removes control characters', () => {
    expect(cleanText('<script>alert(1)</script> &amp;')).toBe('<script>alert(1)</script> &amp;');
    expect(cleanText(' a\r\nb\u0000c\u009B\u202Ed\u2066e\u200Df ')).toBe('a bcde\u200Df');
  });

  it('reads the default shape, a bare list, and says why a body does not fit', () => {
    const one = { customer: { phone_number: '040 123 4567', email: 'A@B.FI' }, campaign_id: 7, message: 'Hi', valid_until: '2030-06-30' };
    const read = readCampaignBody({ items: [one] }, mapping, ctx);
    expect(read).toEqual({
      received: 1,
      errors: [],
      prompts: [{ position: 'item 0', prompt: { campaignId: '7', message: 'Hi', externalId: null, phone: '+358401234567', email: 'a@b.fi', validUntil: Date.parse('2030-06-30T21:00:00Z') } }],
    });
    expect(readCampaignBody([one], mapping, ctx)).toMatchObject({ received: 1, errors: [] });
    expect(readCampaignBody({ items: {} }, mapping, ctx)).toEqual({ problem: expect.stringMatching(/at \$\.items/) });
    expect(readCampaignBody('text', mapping, ctx)).toHaveProperty('problem');
    expect(readCampaignBody([one], { ...mapping, items: '$.data' }, ctx)).toHaveProperty('problem');
  });

  it('counts the message in characters, not UTF-16 units', () => {
    const emoji = '🌻'.repeat(500);
    const item = (message: string) => ({ customer: { external_id: 'CU-1' }, campaign_id: 'C', message });
    expect(readCampaignBody({ items: [item(emoji)] }, mapping, ctx)).toMatchObject({ errors: [] });
    expect(readCampaignBody({ items: [item(`${emoji}!`)] }, mapping, ctx)).toMatchObject({ errors: [{ errors: [expect.stringMatching(/501 characters/)] }] });
    expect(readCampaignBody({ items: [item('\u0007\u0008')] }, mapping, ctx)).toMatchObject({ errors: [{ errors: ['message has no text once control characters are removed'] }] });
    expect(readCampaignBody({ items: [{ ...item('x'), customer: { external_id: 'has space' } }] }, mapping, ctx)).toMatchObject({ errors: [{ errors: [expect.stringMatching(/external_id must be letters, digits or dashes/)] }] });
  });
});
