import { dateLocale } from '../i18n';
/** "3 min", "2 h 5 min", "4 d": how long ago, for ages of queued records. */
export function age(iso: string | null, now = Date.now()): string {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d`;
}

export function clock(iso: string | null, language: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const sameDay = d.toDateString() === new Date().toDateString();
  return d.toLocaleString(dateLocale(language), sameDay ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : { day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

export function bytes(n: number): string {
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(0)} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * "+358401234567" → "+•••••••••567": the same shape the core gives the card and the redemption
 * list, so a number looks alike everywhere on screen. The renderer masks the consent log itself
 * because that list carries the full numbers (the manager filters by them).
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 4) return '•••';
  return `${phone.trim().startsWith('+') ? '+' : ''}${'•'.repeat(digits.length - 3)}${digits.slice(-3)}`;
}

/** The digits a masked number still shows ("+•••••••••567" → "567"); '' when it shows none. */
export function visibleDigits(masked: string | null): string {
  return /(\d+)\s*$/.exec(masked ?? '')?.[1] ?? '';
}

/** "FI" → "Finland" / "Suomi" / "Finland": a country as the cashier names it; the code if unknown. */
export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([dateLocale(language)], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
