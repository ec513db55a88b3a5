import { ContractError } from '../contract-error';
import i18n from '../i18n';

type T = (key: string, options?: Record<string, unknown>) => string;

/**
 * A failed call in the cashier's language: the code says what kind of failure it was, the core's
 * message (English) is kept only where it carries the detail, e.g. why a service is unavailable.
 */
export function errorText(error: unknown, t: T): string {
  if (!(error instanceof ContractError)) return t('errors.generic', { message: String((error as Error)?.message ?? error) });
  const refusal = refusalText(error, t);
  if (refusal) return refusal;
  switch (error.code) {
    case 'unknown_method':
      return t('errorCodes.unknown_method');
    case 'timeout':
      return t('errorCodes.timeout');
    case 'unavailable':
    case 'conflict':
      return t('errorCodes.unavailable', { message: error.message });
    case 'pin_required':
      return t('errorCodes.pin_required');
    case 'forbidden':
    case 'unauthorized':
      return t('errorCodes.forbidden', { message: error.message });
    case 'invalid_input':
      // A PIN of the wrong shape (the contract's check, before the core sees it) has its own words.
      if (refusesPinFormat(error.details)) return t('pinRefusal.pin_format');
      return t('errorCodes.invalid_input', { message: error.message });
    default:
      return t('errors.generic', { message: error.message });
  }
}

/** A refusal the core names by a code (details.reasonCode, with details.params), in the UI's own words; null without one. */
export function refusalText(error: ContractError, t: T): string | null {
  const { reasonCode, params } = (error.details ?? {}) as { reasonCode?: unknown; params?: Record<string, unknown> };
  if (typeof reasonCode !== 'string') return null;
  const key = [`redemptionReason.${reasonCode}`, `pinRefusal.${reasonCode}`, `reason.${reasonCode}`].find((k) => i18n.exists(k));
  return key ? t(key, { ...params }) : null;
}

/** The contract's validation issues (zod's: path and code) refuse a PIN or new PIN for its format. */
function refusesPinFormat(details: unknown): boolean {
  if (!Array.isArray(details)) return false;
  return details.some((issue: { path?: unknown[]; code?: unknown }) => Array.isArray(issue?.path) && /^(new)?pin$/i.test(String(issue.path.at(-1))) && issue.code === 'invalid_format');
}
