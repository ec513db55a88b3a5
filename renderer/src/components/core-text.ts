import type { CheckoutState, RedemptionView, ScannerStatus, ScanRecord, TextParams, Warning } from '../../../preload/contract';
import i18n from '../i18n';
import { bytes, number } from './format';

type T = (key: string, options?: Record<string, unknown>) => string;

/**
 * The core reports by code; these turn a code (and its parameters) into the cashier's language.
 * The core's English text is only the fallback, for a code this renderer does not know yet.
 */
function byCode(t: T, key: string, fallback: string, params: Record<string, unknown> = {}): string {
  return i18n.exists(key) ? t(key, params) : fallback;
}

export function scanReasonText(scan: Pick<ScanRecord, 'reason' | 'reasonCode' | 'reasonParams'>, t: T): string {
  if (!scan.reasonCode) return scan.reason ?? '';
  // A refusal naming the values it was checked against has its own, more precise words.
  const params = scan.reasonParams ?? {};
  const precise = Object.keys(params).length > 0 && i18n.exists(`scanReason.${scan.reasonCode}_detail`) ? `${scan.reasonCode}_detail` : scan.reasonCode;
  return byCode(t, `scanReason.${precise}`, scan.reason ?? '', { ...params });
}

export function checkoutMessageText(state: Pick<CheckoutState, 'message' | 'messageCode' | 'cardId' | 'benefitsOffline'>, t: T): string {
  if (!state.messageCode) return state.message ?? '';
  const code = state.messageCode === 'benefits_offline' && state.benefitsOffline ? 'benefits_offline_cached' : state.messageCode;
  return byCode(t, `checkoutMessage.${code}`, state.message ?? '', { card: state.cardId ?? '' });
}

export function redemptionReasonText(r: Pick<RedemptionView, 'reason' | 'reasonCode'>, t: T): string | null {
  if (!r.reason) return null;
  if (!r.reasonCode) return r.reason;
  return byCode(t, `redemptionReason.${r.reasonCode}`, r.reason, { reason: r.reason });
}

/** A Status warning: sizes in its parameters (…Bytes) are formatted for the language. */
export function warningText(w: Warning, t: T, language: string): string {
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(w.params ?? {})) {
    if (name.endsWith('Bytes') && typeof value === 'number') params[name.slice(0, -'Bytes'.length)] = bytes(value, language);
    else if (name === 'type' && i18n.exists(`exports.type.${value}`)) params[name] = t(`exports.type.${value}`);
    else params[name] = value;
  }
  // credential_origin.custobarToken and the like share one text.
  const code = w.code.split('.')[0]!;
  const variant = typeof params.variant === 'string' ? `_${params.variant}` : '';
  return byCode(t, `warning.${code}${variant}`, w.message, params);
}

export function scannerMessageText(s: Pick<ScannerStatus, 'message' | 'messageCode' | 'messageParams'>, t: T, language: string): string | null {
  if (!s.message) return null;
  if (!s.messageCode) return s.message;
  const params = Object.fromEntries(Object.entries(s.messageParams ?? {}).map(([k, v]) => [k, typeof v === 'number' ? number(v, language) : v]));
  return byCode(t, `scannerMessage.${s.messageCode}`, s.message, params);
}

/**
 * A reason or message the core sends with a code (a connection's last problem, a type's last error,
 * the pause, the inbox line, a failed poll): its words in the language, the core's English without a
 * known code. Counts are written as the language writes numbers; a status code stays as it is.
 */
export function reasonText(text: string | null | undefined, code: string | null | undefined, params: TextParams | null | undefined, t: T, language: string): string | null {
  if (!text) return null;
  if (!code) return text;
  const values = Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, typeof v === 'number' && k !== 'status' ? number(v, language) : v]));
  return byCode(t, `reason.${code}`, text, values);
}
