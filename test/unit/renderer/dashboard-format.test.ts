import { describe, expect, it } from 'vitest';
import i18n from '../../../renderer/src/i18n';
import { dateAndAge } from '../../../renderer/src/views/status/dashboard-format';

// Intl puts a no-break space between number and unit; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('"last sent" on the Status view', () => {
  it('always shows the date with the time, and how long ago, in each language', async () => {
    const sent = new Date(2026, 10, 28, 9, 5).toISOString();
    const now = Date.parse(sent) + 3 * 86_400_000 + 3_600_000;
    await i18n.changeLanguage('en');
    expect(plain(dateAndAge(sent, 'en', i18n.t.bind(i18n), now))).toBe('28/11/2026, 09:05 (3 days ago)');
    await i18n.changeLanguage('fi');
    expect(plain(dateAndAge(sent, 'fi', i18n.t.bind(i18n), now))).toBe('28.11.2026 klo 09.05 (3 pv sitten)');
    await i18n.changeLanguage('sv');
    expect(plain(dateAndAge(sent, 'sv', i18n.t.bind(i18n), Date.parse(sent) + 5 * 60_000))).toBe('28.11.2026 09.05 (för 5 min sedan)');
    expect(dateAndAge(null, 'sv', i18n.t.bind(i18n), now)).toBe('aldrig');
    await i18n.changeLanguage('en');
  });
});
