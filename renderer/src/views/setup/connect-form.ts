import type { MethodInput, MethodOutput, SettingsView } from '../../../../preload/contract';

/** What the "Connect to Custobar" form holds while the manager types. */
export interface ConnectDraft {
  custobarUrl: string;
  authScheme: 'Token' | 'Bearer';
  custobarToken: string;
  benefitsUrl: string;
  benefitsToken: string;
  source: 'custobar' | 'solteq' | 'cache';
  shopId: string;
  tillId: string;
  pin: string;
  pinAgain: string;
}
export type DraftField = keyof ConnectDraft;

/** A field's error as an i18n key; messages the core words itself (form level) are kept as text. */
export interface FormErrors {
  fields: Partial<Record<DraftField, string>>;
  /** Above the buttons: an i18n key, or the core's English message when nothing is translatable. */
  form: { key: string } | { text: string } | null;
}
export const noErrors: FormErrors = { fields: {}, form: null };

export type TestResult = MethodOutput<'setup.testConnection'>;
export type ServiceCheck = TestResult['custobar'];

/** The same shape as SetupFieldError in preload/schemas/setup.ts (the renderer may import only contract types). */
interface CoreFieldError {
  field: string;
  code: string;
  message: string;
}

/** Core input paths → form fields, to put the core's field errors at the right input. */
const FIELD_OF_PATH: Record<string, DraftField> = {
  'custobar.baseUrl': 'custobarUrl',
  'custobar.authScheme': 'authScheme',
  'custobar.token': 'custobarToken',
  'benefits.baseUrl': 'benefitsUrl',
  'benefits.token': 'benefitsToken',
  'customers.source': 'source',
  'general.shopId': 'shopId',
  'general.tillId': 'tillId',
  pin: 'pin',
};

/** Starts from what the store already has (defaults on a fresh install), so little needs typing. */
export function initialDraft(view: SettingsView | null): ConnectDraft {
  const s = view?.settings;
  return {
    custobarUrl: s?.custobar.baseUrl ?? '',
    authScheme: s?.custobar.authScheme ?? 'Token',
    custobarToken: '',
    benefitsUrl: s?.benefits.baseUrl ?? '',
    benefitsToken: '',
    source: s?.customers.source ?? 'custobar',
    shopId: s?.general.shopId ?? 'STORE-1',
    tillId: s?.general.tillId ?? '',
    pin: '',
    pinAgain: '',
  };
}

export interface Known {
  /** A manager PIN is already set: it must be typed once, not chosen. */
  pinSet: boolean;
  custobarTokenStored: boolean;
  benefitsTokenStored: boolean;
}

/** What can be checked before asking the core; the core checks the rest (addresses, the PIN itself). */
export function validateDraft(d: ConnectDraft, known: Known): FormErrors {
  const fields: FormErrors['fields'] = {};
  if (d.custobarUrl.trim() === '') fields.custobarUrl = 'setup.errors.required';
  if (d.custobarToken.trim() === '' && !known.custobarTokenStored) fields.custobarToken = 'setup.errors.required';
  if (d.benefitsUrl.trim() !== '' && d.benefitsToken.trim() === '' && !known.benefitsTokenStored) fields.benefitsToken = 'setup.errors.required';
  if (d.shopId.trim() === '') fields.shopId = 'setup.errors.required';
  if (!/^\d{4,8}$/.test(d.pin)) fields.pin = d.pin === '' ? 'setup.errors.required' : 'setup.errors.pinFormat';
  else if (!known.pinSet && d.pin !== d.pinAgain) fields.pinAgain = 'setup.errors.pinMismatch';
  return { fields, form: Object.keys(fields).length > 0 ? { key: 'setup.errors.fixFields' } : null };
}

const services = (d: ConnectDraft) => ({
  custobar: { baseUrl: d.custobarUrl.trim(), authScheme: d.authScheme, token: d.custobarToken.trim() },
  benefits: { baseUrl: d.benefitsUrl.trim(), token: d.benefitsToken.trim() },
});

export function toTestInput(d: ConnectDraft): MethodInput<'setup.testConnection'> {
  return services(d);
}

export function toConnectInput(d: ConnectDraft): MethodInput<'setup.connect'> {
  return {
    ...services(d),
    customers: { source: d.source },
    general: { shopId: d.shopId.trim(), tillId: d.tillId.trim() },
    pin: d.pin,
  };
}

/** The test passed well enough to save without asking: Custobar works, benefits work or are not used. */
export function testPassed(result: TestResult): boolean {
  const benefits = result.benefits;
  return result.custobar.ok && (benefits === null || benefits.ok || benefits.code === 'not_configured');
}

/** The i18n key and values wording one service's answer in the manager's language. */
export function resultText(service: 'custobar' | 'benefits', check: ServiceCheck): { key: string; values: Record<string, unknown> } {
  const specific = `${check.code}_${service}`;
  const key = specific === 'not_configured_benefits' || specific === 'unauthorized_custobar' ? specific : check.code;
  return { key: `setup.result.${key}`, values: { status: check.status ?? '—' } };
}

/**
 * A refused connect, turned into field errors: the core's own (details.fields, with codes) or the
 * contract's schema issues (details = zod issues with a path). Anything else is a form-level message.
 */
export function errorsFromContract(error: { message: string; details?: unknown }): FormErrors {
  const fields: FormErrors['fields'] = {};
  const details = error.details;
  const own = (details as { fields?: CoreFieldError[] } | undefined)?.fields;
  const issues = Array.isArray(details) ? (details as { path?: unknown[] }[]) : [];
  for (const e of own ?? []) {
    const field = FIELD_OF_PATH[e.field];
    if (field) fields[field] = `setup.errors.${e.code}`;
  }
  for (const issue of issues) {
    const field = FIELD_OF_PATH[(issue.path ?? []).join('.')];
    if (field) fields[field] = field === 'pin' ? 'setup.errors.pinFormat' : 'setup.errors.invalid';
  }
  const placed = Object.keys(fields).length > 0;
  return { fields, form: placed ? { key: 'setup.errors.fixFields' } : { text: error.message } };
}
