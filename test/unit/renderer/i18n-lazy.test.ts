import { describe, expect, it } from 'vitest';
import i18n from '../../../renderer/src/i18n';
import fi from '../../../renderer/src/i18n/fi';
import sv from '../../../renderer/src/i18n/sv';

/**
 * English is bundled; Finnish and Swedish are loaded when chosen (renderer/src/i18n/index.ts). The
 * switch must wait for the words: until then the old language stays, so no English flashes between
 * choosing Finnish and seeing it.
 */
describe('languages loaded on demand', () => {
  it('starts in English with only English loaded', () => {
    expect(i18n.language).toBe('en');
    expect(i18n.hasResourceBundle('en', 'translation')).toBe(true);
    expect(i18n.hasResourceBundle('fi', 'translation')).toBe(false);
    expect(i18n.hasResourceBundle('sv', 'translation')).toBe(false);
  });

  it('switches only once the chosen language’s words are in, and announces it then', async () => {
    const seen: { language: string; text: string }[] = [];
    const onChanged = (language: string) => seen.push({ language, text: i18n.t('nav.status') });
    i18n.on('languageChanged', onChanged);
    try {
      const switching = i18n.changeLanguage('fi');
      // Still English (not an empty or half-loaded Finnish) while the chunk is on its way.
      expect(i18n.language).toBe('en');
      expect(i18n.t('nav.status')).toBe('Status');
      await switching;
      expect(i18n.language).toBe('fi');
      expect(i18n.t('nav.status')).toBe(fi.nav.status);

      const toSwedish = i18n.changeLanguage('sv');
      expect(i18n.t('nav.status')).toBe(fi.nav.status);
      await toSwedish;
      expect(i18n.t('nav.status')).toBe(sv.nav.status);
      // Each languageChanged came with its words already there (main.tsx sets <html lang> on it).
      expect(seen).toEqual([
        { language: 'fi', text: fi.nav.status },
        { language: 'sv', text: sv.nav.status },
      ]);
      // Back to English: bundled, so immediate.
      await i18n.changeLanguage('en');
      expect(i18n.t('nav.status')).toBe('Status');
    } finally {
      i18n.off('languageChanged', onChanged);
    }
  });

  it('a code without words of its own falls back to English, as before', async () => {
    await i18n.changeLanguage('de');
    expect(i18n.t('nav.status')).toBe('Status');
    await i18n.changeLanguage('en');
  });
});
