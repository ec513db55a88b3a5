import { describe, expect, it } from 'vitest';
import en from '../../../renderer/src/i18n/en';
import fi from '../../../renderer/src/i18n/fi';
import sv from '../../../renderer/src/i18n/sv';

/**
 * Strings that are rightly the same in English, Finnish and Swedish: proper names, codes, units
 * and words the languages share. Anything else equal to its English text is an untranslated leftover.
 */
// Names, and "2 × Coffee" (a number and a product title in every language).
const NAMES = ['app.title', 'app.demoBadge', 'status.custobar', 'settings.custobar', 'setup.custobar', 'customer.consentShort.push', 'join.dismiss', 'activity.items'];
const SAME_IN_ALL_LANGUAGES: Record<string, readonly string[]> = {
  // SMS is the Finnish word too.
  fi: [...NAMES, 'customer.consentShort.sms', 'consentLog.sms'],
  // Swedish writes these words as English does.
  sv: [...NAMES, 'nav.status', 'status.version', 'customer.consent.post', 'customer.consentShort.post', 'diagnostics.title'],
};

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const at = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(at, value);
    else for (const [k, v] of leaves(value, at)) out.set(k, v);
  }
  return out;
}

// Plural forms differ by language (i18next's _one/_other…): compare a key by its base name.
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

const trees = {
  en: leaves(en as unknown as Tree),
  fi: leaves(fi as unknown as Tree),
  sv: leaves(sv as unknown as Tree),
};

describe('the en, fi and sv resources', () => {
  for (const language of ['fi', 'sv'] as const) {
    it(`${language} has every English key and no key English lacks`, () => {
      const enKeys = new Set([...trees.en.keys()].map(base));
      const keys = new Set([...trees[language].keys()].map(base));
      expect([...enKeys].filter((k) => !keys.has(k))).toEqual([]);
      expect([...keys].filter((k) => !enKeys.has(k))).toEqual([]);
    });

    it(`${language} translates every string (or it is on the short allow-list)`, () => {
      const allowed = new Set(SAME_IN_ALL_LANGUAGES[language]);
      const same = [...trees[language]]
        .filter(([key, value]) => trees.en.get(key) === value && !allowed.has(key))
        .map(([key, value]) => `${key} = ${JSON.stringify(value)}`);
      expect(same).toEqual([]);
    });

    it(`${language} uses the same {{placeholders}} as English`, () => {
      const names = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).filter((n) => n !== 'count').sort();
      const differ = [...trees[language]]
        .filter(([key]) => trees.en.has(key) || trees.en.has(`${base(key)}_other`))
        .filter(([key, value]) => {
          const english = trees.en.get(key) ?? trees.en.get(`${base(key)}_other`)!;
          return JSON.stringify(names(value)) !== JSON.stringify(names(english));
        })
        .map(([key]) => key);
      expect(differ).toEqual([]);
    });
  }

  it('the allow-list names only keys that exist and really are equal to English', () => {
    for (const language of ['fi', 'sv'] as const) {
      for (const key of SAME_IN_ALL_LANGUAGES[language]!) {
        expect(trees.en.has(key), key).toBe(true);
        expect(trees[language].get(key), key).toBe(trees.en.get(key));
      }
    }
  });
});
