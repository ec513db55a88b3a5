import type { Settings } from '../../../preload/contract';
import { stripAim, symbologyName } from './aim';
import { extractGsrn, productCodeKind } from '../common/gs1';

export type CardRule = Settings['cardRule'];

export type CardResult =
  | { ok: true; cardId: string; symbology?: string }
  | { ok: false; code: string; reason: string; symbology?: string; params?: Record<string, string | number> };

/** Longest payload looked at. A loyalty QR is short; 4 KiB of noise is not a card. */
export const MAX_PAYLOAD_BYTES = 512;

const refuse = (code: string, reason: string, symbology?: string, params?: Record<string, string | number>): CardResult => ({ ok: false, code, reason, symbology, ...(params ? { params } : {}) });

/**
 * Raw scanner bytes → text, or a refusal. Binary or oversized payloads never reach the card rules
 * (nor the screen): UTF-8 is decoded strictly and control characters other than tab and the GS1
 * separator are refused.
 */
export function decodePayload(bytes: Uint8Array): { ok: true; text: string } | { ok: false; code: string; reason: string } {
  if (bytes.length > MAX_PAYLOAD_BYTES) {
    return { ok: false, code: 'too_long', reason: `Not a loyalty card: the scan is too long (${bytes.length} bytes).` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, code: 'binary', reason: 'Unreadable scan: the scanner sent binary data, not text.' };
  }
  return checkText(text);
}

function checkText(text: string): { ok: true; text: string } | { ok: false; code: string; reason: string } {
  if (text.length > MAX_PAYLOAD_BYTES) {
    return { ok: false, code: 'too_long', reason: `Not a loyalty card: the scan is too long (${text.length} characters).` };
  }
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  if (/[\u0000-\u0008\u000a-\u001c\u001e\u001f\u007f]/.test(text.replace(/[\r\n]+$/, ''))) {
    return { ok: false, code: 'binary', reason: 'Unreadable scan: it contains control characters. Check the scanner’s settings.' };
  }
  return { ok: true, text };
}

/** A short, printable preview of a refused payload for the manager (rendered as text, never HTML). */
export function previewOf(text: string): string {
  // eslint-disable-next-line no-control-regex -- replace control characters by a visible mark
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, '·');
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}

function checkShape(id: string, rule: CardRule, symbology?: string): CardResult {
  if (id.length === 0) return refuse('empty', 'Nothing was read. Scan the card again.', symbology);
  if (!/^[A-Za-z0-9-]+$/.test(id)) {
    return refuse('characters', 'Not a loyalty card: it contains characters a card number cannot have.', symbology);
  }
  if (id.length < rule.minLength) return refuse('too_short', `Not a loyalty card: too short (${id.length} characters, at least ${rule.minLength}).`, symbology, { length: id.length, min: rule.minLength });
  if (id.length > rule.maxLength) return refuse('too_long', `Not a loyalty card: too long (${id.length} characters, at most ${rule.maxLength}).`, symbology, { length: id.length, max: rule.maxLength });
  return { ok: true, cardId: id, symbology };
}

/**
 * Turns a scanned text into a card id by the configured rule. Every refusal says why in words a
 * cashier understands, and happens before any network call.
 */
export function applyCardRule(raw: string, rule: CardRule): CardResult {
  const checked = checkText(raw);
  if (!checked.ok) return refuse(checked.code, checked.reason);
  const { aim, rest } = stripAim(checked.text.trim());
  const symbology = aim ? symbologyName(aim) : undefined;
  // A GS1 group separator (FNC1) may precede GS1 element strings.
  const text = (rest.startsWith('\u001d') ? rest.slice(1) : rest).trim();
  if (text.length === 0) return refuse('empty', 'Nothing was read. Scan the card again.', symbology);

  const product = rule.refuseProductCodes ? productCodeKind(text) : null;
  if (product) return refuse('product_code', `Not a loyalty card: this looks like an ${product} product code.`, symbology, { kind: product });

  let id = text;
  if (rule.kind === 'regex') {
    const match = new RegExp(rule.pattern, 'u').exec(text);
    const card = match?.groups?.card;
    if (card === undefined) return refuse('no_match', 'Not a loyalty card: it does not match this store’s card format.', symbology);
    id = card;
  } else if (rule.kind === 'affix') {
    if (rule.prefix && !id.startsWith(rule.prefix)) return refuse('no_match', 'Not a loyalty card: the expected card prefix is missing.', symbology);
    if (rule.suffix && !id.endsWith(rule.suffix)) return refuse('no_match', 'Not a loyalty card: the expected card suffix is missing.', symbology);
    id = id.slice(rule.prefix.length, rule.suffix ? id.length - rule.suffix.length : undefined);
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return refuse('url', 'Not a loyalty card: this code is a web address.', symbology);
  }

  if (rule.gsrnCheck) {
    const gsrn = extractGsrn(id);
    if (!gsrn) return refuse('gsrn', 'Not a valid membership number: the GSRN check digit does not match.', symbology);
    id = gsrn;
  }
  return checkShape(id, rule, symbology);
}
