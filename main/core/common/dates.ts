/**
 * Dates for Custobar: ISO 8601 with the store's UTC offset. A POS usually writes local wall-clock
 * time without a zone ("2026-11-22 10:15"); it is read in the store's time zone (a setting), with
 * daylight-saving transitions handled, and written with its offset ("2026-11-22T10:15:00+02:00").
 */
const partsFormatter = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatter.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatter.set(timeZone, f);
  }
  return f;
}

const QUARTER_HOUR = 900_000;
/** Per zone: quarter hour since the epoch → offset (numbers as keys: no key string to build per lookup). */
const offsetCache = new Map<string, Map<number, number>>();

/**
 * Offset of the zone from UTC at an instant, in minutes (Helsinki in winter: 120). Intl is slow
 * (~8 µs a call) and a sales file repeats the same hours, so offsets are cached per quarter hour:
 * every time-zone change in the tz database falls on a quarter-hour boundary.
 */
export function offsetMinutes(instantMs: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (zone === undefined) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  const quarter = Math.floor(instantMs / QUARTER_HOUR);
  let offset = zone.get(quarter);
  if (offset === undefined) {
    if (zone.size > 50_000) zone.clear();
    offset = computeOffset(instantMs, timeZone);
    zone.set(quarter, offset);
  }
  return offset;
}

function computeOffset(instantMs: number, timeZone: string): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instantMs)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return Math.round((wall - Math.floor(instantMs / 1000) * 1000) / 60000);
}

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');

/** An instant rendered as wall-clock time in the zone, with its offset. */
export function formatInZone(instantMs: number, timeZone: string): string {
  const offset = offsetMinutes(instantMs, timeZone);
  const wall = new Date(instantMs + offset * 60000);
  const ms = wall.getUTCMilliseconds();
  return (
    `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}` +
    `${ms ? `.${pad(ms, 3)}` : ''}${offset >= 0 ? '+' : '-'}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}

/**
 * Wall-clock time in a zone → instant. Around a daylight-saving change the offsets of the day before
 * and the day after are both tried: in the repeated autumn hour the first occurrence is taken; a time
 * in the skipped spring hour does not exist and moves forward by the gap (03:30 → 04:30).
 */
function wallToInstant(wallUtc: number, timeZone: string): number {
  const day = 86_400_000;
  const before = offsetMinutes(wallUtc - day, timeZone);
  const after = offsetMinutes(wallUtc + day, timeZone);
  const first = wallUtc - before * 60000;
  // No change that day (almost always): that one offset is the answer.
  if (after === before) return first;
  const second = wallUtc - after * 60000;
  const firstValid = wallUtc - offsetMinutes(first, timeZone) * 60000 === first;
  const secondValid = wallUtc - offsetMinutes(second, timeZone) * 60000 === second;
  if (firstValid && secondValid) return Math.min(first, second);
  if (secondValid) return second;
  return first;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

export type DateResult = { ok: true; value: string } | { ok: false; reason: string };

/** Per zone: input text → result. The rows of a sale (and a file's rows of one minute) repeat the same time. */
const zonedCache = new Map<string, Map<string, DateResult>>();
/** Longer texts are not kept (no date-time is this long; they are refused anyway). */
const CACHED_CHARS = 64;

/** A date-time string → ISO 8601 with the store's offset. Zoned input keeps its instant. */
export function toZonedIso(value: unknown, timeZone: string): DateResult {
  if (typeof value !== 'string') return { ok: false, reason: 'must be a date-time such as 2026-11-22T10:15:00+02:00' };
  if (value.length > CACHED_CHARS) return zonedIso(value, timeZone);
  let zone = zonedCache.get(timeZone);
  if (zone === undefined) {
    zone = new Map();
    zonedCache.set(timeZone, zone);
  }
  let result = zone.get(value);
  if (result === undefined) {
    if (zone.size > 20_000) zone.clear();
    result = zonedIso(value, timeZone);
    zone.set(value, result);
  }
  // A copy: the cached result stays as it was whatever the caller does with its own.
  return { ...result };
}

function zonedIso(value: string, timeZone: string): DateResult {
  const m = ISO.exec(value.trim());
  if (!m) return { ok: false, reason: `"${value.slice(0, 40)}" is not an ISO 8601 date-time` };
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const wallUtc = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, ms);
  const check = new Date(wallUtc);
  if (check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +d! || +h > 23 || +mi > 59 || +s > 59) {
    return { ok: false, reason: `"${value}" is not a real date or time` };
  }
  let instant: number;
  if (zone) {
    const z = zone.toUpperCase() === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
    instant = wallUtc - z * 60000;
  } else {
    instant = wallToInstant(wallUtc, timeZone);
  }
  return { ok: true, value: formatInZone(instant, timeZone) };
}

/** A calendar date (birth_date): YYYY-MM-DD, validated. */
export function toDate(value: unknown): DateResult {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return { ok: false, reason: 'must be a date YYYY-MM-DD' };
  const [y, m, d] = value.trim().split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? { ok: true, value: value.trim() } : { ok: false, reason: `"${value}" is not a real date` };
}
