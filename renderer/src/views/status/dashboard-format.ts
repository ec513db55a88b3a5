import { age } from '../../components/format';
import { dateLocale } from '../../i18n';

type T = (key: string, options?: Record<string, unknown>) => string;

/** "1.12.2026 17:05 (3 min ago)": always with the date, so an old "last sent" is not taken for today's. */
export function dateAndAge(iso: string | null, language: string, t: T, now = Date.now()): string {
  if (!iso) return t('dashboard.never');
  const when = new Date(iso).toLocaleString(dateLocale(language), { day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${when} (${t('dashboard.ago', { age: age(iso, language, now) })})`;
}
