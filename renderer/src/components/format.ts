import { dateLocale } from '../i18n';
/** The Intl locale for a UI language: en-GB (day/month, 24 h), fi, sv-FI. */
const locale = (language: string): string => dateLocale(language);

function unit(value: number, name: string, language: string, digits = 0): string {
  return new Intl.NumberFormat(locale(language), { style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

/** "3 min", "2 h 5 min" / "2 t 5 min" / "2 tim 5 min", "4 d" / "4 pv": how long ago, for ages of queued records. */
export function age(iso: string | null, language: string, now = Date.now()): string {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return duration(s, language);
}

/** A duration in seconds in the language's own short unit words (en-GB: "45 secs", "3 mins", "2 hrs 5 mins"; fi: "45 s", "3 min", "2 t 5 min"). */
export function duration(seconds: number, language: string): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return unit(s, 'second', language);
  if (s < 3600) return unit(Math.floor(s / 60), 'minute', language);
  if (s < 86400) return `${unit(Math.floor(s / 3600), 'hour', language)} ${unit(Math.floor((s % 3600) / 60), 'minute', language)}`;
  return unit(Math.floor(s / 86400), 'day', language);
}

/** Minutes as the language writes them: "5 min". */
export function minutes(n: number, language: string): string {
  return unit(n, 'minute', language);
}

export function clock(iso: string | null, language: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const sameDay = d.toDateString() === new Date().toDateString();
  return d.toLocaleString(dateLocale(language), sameDay ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : { day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** A date without the time: "31/12/2026", "31.12.2026", "2026-12-31". */
export function date(iso: string, language: string): string {
  return new Date(iso).toLocaleDateString(dateLocale(language));
}

/** A time of day with seconds, 24 h. */
export function timeOfDay(iso: string, language: string): string {
  return new Date(iso).toLocaleTimeString(dateLocale(language), { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

/** "400 kB" / "400 kt", "4.1 MB" / "4,1 Mt" / "4,1 MB": sizes in the language's unit words. */
export function bytes(n: number, language: string): string {
  return n < 1024 * 1024 ? unit(n / 1024, 'kilobyte', language) : unit(n / 1024 / 1024, 'megabyte', language, 1);
}

/** Euro amounts: "€5.00", "5,00 €". */
export function money(euros: number, language: string): string {
  return new Intl.NumberFormat(locale(language), { style: 'currency', currency: 'EUR' }).format(euros);
}

/** A plain number with the language's decimal mark and grouping: "1,234.5" / "1 234,5". */
export function number(n: number, language: string): string {
  return new Intl.NumberFormat(locale(language)).format(n);
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
