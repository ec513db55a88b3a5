/**
 * Redaction for everything that goes into the support zip, in two passes:
 *
 * 1. `value()` / `line()`: by key (sensitive-keys.ts) and by pattern (logging/redact.ts: phones,
 *    e-mails, credentials) on every string. Names removed by key are remembered.
 * 2. `finish()`: on the finished text of every file, the remembered names and the till's own secrets
 *    are removed wherever they still occur, e.g. "Aino" inside a log message or a Custobar refusal
 *    that echoes the record. No pattern can tell a name from a word; only knowing it can.
 */
import { maskEmail, maskPhone, redact } from '../logging/redact';
import { keyKind } from './sensitive-keys';

export const REDACTED = '[redacted]';
export const REMOVED = '[removed]';

// Deeper than a log line or a Custobar record ever nests: past this, values are dropped, not walked.
const MAX_DEPTH = 16;
// A secret shorter than this would match ordinary text everywhere; none of the till's secrets is.
const MIN_SECRET_LENGTH = 6;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const HAS_LETTER = /\p{L}/u;
// Company forms and particles inside names ("Virtasen Kala Oy", "van der Berg"): they identify no one,
// and removing them everywhere would blank ordinary words all over the logs.
const NOT_A_NAME = new Set(['the', 'and', 'of', 'for', 'oy', 'oyj', 'ab', 'ky', 'tmi', 'ry', 'ltd', 'inc', 'co', 'och', 'ja', 'von', 'van', 'der', 'de', 'la', 'le']);

export class Scrubber {
  /** Lower-cased words of the names seen, e.g. "anna-liisa virtanen" → anna, liisa, virtanen. */
  private readonly names = new Set<string>();
  private readonly secrets: string[];

  constructor(secrets: readonly (string | undefined)[]) {
    const literal = secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH);
    // Also as they appear inside a JSON string, where " and \ are escaped.
    this.secrets = [...new Set(literal.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))].sort((a, b) => b.length - a.length);
  }

  get namesSeen(): number {
    return this.names.size;
  }

  /** Pass 1 on a JSON-like value: a redacted copy. */
  value(value: unknown, key: string | null = null, parentKey: string | null = null, depth = 0): unknown {
    const kind = key === null ? 'plain' : keyKind(key, parentKey);
    if (kind !== 'plain' && (value === null || value === '' || typeof value === 'boolean')) return value; // "is it set" is fine to show
    if (kind === 'secret') return REDACTED;
    if (kind === 'personal') {
      this.remember(value, 0);
      return REMOVED;
    }
    if (kind === 'phone' && (typeof value === 'string' || typeof value === 'number')) return maskPhone(String(value));
    if (kind === 'email' && typeof value === 'string') return value.includes('@') ? maskEmail(value) : REDACTED;
    if (typeof value === 'string') return redact(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth >= MAX_DEPTH) return '[truncated]';
    if (Array.isArray(value)) return value.map((item) => this.value(item, key, parentKey, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, item]) => [redact(k), this.value(item, k, key, depth + 1)]));
  }

  /** Pass 1 on a log line: a pino JSON line by key and pattern, anything else by pattern. */
  line(text: string): { text: string; json: boolean } {
    if (text.startsWith('{')) {
      try {
        return { text: JSON.stringify(this.value(JSON.parse(text))), json: true };
      } catch {
        // A line cut off mid-write, or not pino's: the patterns still apply.
      }
    }
    return { text: redact(text), json: false };
  }

  /** Pass 2 on finished text: the secrets and every word of a remembered name. */
  finish(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join(REDACTED);
    if (this.names.size === 0) return out;
    return out.replace(WORD, (word) => (this.names.has(word.toLowerCase()) ? REMOVED : word));
  }

  private remember(value: unknown, depth: number): void {
    if (typeof value === 'string') {
      // Words without a letter (house numbers, zip codes) would erase every such number in the logs.
      for (const word of value.match(WORD) ?? []) {
        const lower = word.toLowerCase();
        if (lower.length >= 2 && HAS_LETTER.test(lower) && !NOT_A_NAME.has(lower)) this.names.add(lower);
      }
    } else if (value !== null && typeof value === 'object' && depth < MAX_DEPTH) {
      for (const item of Object.values(value)) this.remember(item, depth + 1);
    }
  }
}
