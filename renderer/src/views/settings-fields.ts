import type { SettingsView } from '../../../preload/contract';
import { languages } from '../i18n';
import { number } from '../components/format';

/** 'lines': a list of texts edited one a line (the void reasons). */
export type FieldKind = 'text' | 'number' | 'checkbox' | 'select' | 'textarea' | 'lines';

export interface FieldDef {
  path: string;
  label: string;
  kind: FieldKind;
  options?: Record<string, string>;
  /** Select whose values are numbers (baud rates, data bits). */
  numeric?: boolean;
  /** Shown only when this returns true for the current draft (e.g. serial fields for a serial scanner). */
  when?: (draft: Draft) => boolean;
  /** i18n key of what an empty field means, shown as its placeholder (e.g. the built-in consent text). */
  placeholder?: string;
  /** i18n key of a line under the field (kept out of the label, so the label stays a short name). */
  hint?: string;
  /** i18n key of a sub-heading shown above this field (a group inside a section). */
  heading?: string;
  /** i18n key words for a validation code of this field, where the field needs its own wording. */
  errors?: Record<string, string>;
}

const scannerIs = (kind: string) => (d: Draft) => d['scanner.kind'] === kind;
const ruleIs = (kind: string) => (d: Draft) => d['cardRule.kind'] === kind;
const choices = (...values: (string | number)[]) => Object.fromEntries(values.map((v) => [String(v), String(v)]));

/** The Settings view's sections, in the order of its navigation. */
export type SectionId = 'connection' | 'customers' | 'benefits' | 'scanner' | 'cards' | 'exports' | 'offline' | 'fleet' | 'campaigns' | 'general';

export interface SectionDef {
  id: SectionId;
  title: string;
  fields: FieldDef[];
}

const UPPER_ID = { invalid_format: 'settingsFieldError.upper_id' };
const FIELD_NAME = { invalid_format: 'settingsFieldError.field_name' };
const USB_ID = { invalid_union: 'settingsFieldError.usb_id', invalid_format: 'settingsFieldError.usb_id' };
const VERSION = { invalid_format: 'settingsFieldError.version' };
const HEX_BYTES = { invalid_union: 'settingsFieldError.hex_bytes', invalid_format: 'settingsFieldError.hex_bytes' };
const JSON_PATH = { invalid_union: 'campaignSettings.pathError', invalid_format: 'campaignSettings.pathError' };
const mappingField = (name: string, first = false): FieldDef => ({
  path: `campaigns.mapping.${name}`,
  label: `campaignSettings.${name}`,
  kind: 'text',
  errors: JSON_PATH,
  ...(first ? { heading: 'campaignSettings.mappingHeading', hint: 'campaignSettings.mappingHint' } : {}),
});

/**
 * The editable settings, by section. Labels are i18n keys. Adding a setting to the schema and a row
 * here is all the UI needs.
 */
export const sections: SectionDef[] = [
  {
    id: 'connection',
    title: 'settingsNav.connection',
    fields: [
      { path: 'custobar.baseUrl', label: 'settings.baseUrl', kind: 'text' },
      { path: 'custobar.authScheme', label: 'settings.authScheme', kind: 'select', options: { Token: 'Token', Bearer: 'Bearer' } },
      { path: 'custobar.requestsPerMinute', label: 'settings.requestsPerMinute', kind: 'number' },
      { path: 'benefits.baseUrl', label: 'settings.benefitsUrl', kind: 'text' },
    ],
  },
  {
    id: 'customers',
    title: 'settingsNav.customers',
    fields: [
      { path: 'customers.source', label: 'settings.customerSource', kind: 'select', options: { custobar: 'Custobar', solteq: 'Solteq Commerce Cloud', cache: 'settings.cacheOnly' } },
      { path: 'customers.cardField', label: 'settings.cardField', kind: 'text', errors: FIELD_NAME, when: (d) => d['customers.source'] === 'custobar' },
      { path: 'customers.solteq.tokenUrl', label: 'settings.solteqTokenUrl', kind: 'text', when: (d) => d['customers.source'] === 'solteq' },
      { path: 'customers.solteq.apiBase', label: 'settings.solteqApiBase', kind: 'text', when: (d) => d['customers.source'] === 'solteq' },
      { path: 'customers.solteq.pathTemplate', label: 'settings.solteqPath', kind: 'text', when: (d) => d['customers.source'] === 'solteq' },
      { path: 'customers.solteq.clientId', label: 'settings.solteqClientId', kind: 'text', when: (d) => d['customers.source'] === 'solteq' },
      { path: 'customers.solteq.scope', label: 'settings.solteqScope', kind: 'text', when: (d) => d['customers.source'] === 'solteq' },
      { path: 'customers.lookupTimeoutMs', label: 'settings.lookupTimeout', kind: 'number' },
      { path: 'permissions.schedule', label: 'settings.permissionsSchedule', kind: 'text', heading: 'settings.permissionsTitle', errors: { schedule: 'settings.fieldError.pollSchedule' } },
      { path: 'permissions.pageSize', label: 'settings.permissionsPageSize', kind: 'number' },
      { path: 'permissions.outDir', label: 'settings.permissionsOutDir', kind: 'text' },
      { path: 'permissions.joinEventType', label: 'settings.joinEventType', kind: 'text', errors: UPPER_ID },
      { path: 'permissions.consentText.version', label: 'settings.consentVersion', kind: 'text', errors: VERSION },
      { path: 'permissions.consentText.sms', label: 'settings.consentSms', kind: 'textarea', placeholder: 'consentText.sms', hint: 'settings.consentTextHint' },
      { path: 'permissions.consentText.email', label: 'settings.consentEmail', kind: 'textarea', placeholder: 'consentText.email', hint: 'settings.consentTextHint' },
      { path: 'permissions.holdMinutes', label: 'settings.holdMinutes', kind: 'number' },
      { path: 'customers.activity.enabled', label: 'activitySettings.enabled', kind: 'checkbox', heading: 'activitySettings.title' },
      { path: 'customers.activity.purchases', label: 'activitySettings.purchases', kind: 'number', when: (d) => d['customers.activity.enabled'] === true },
      { path: 'customers.activity.saleCustomerField', label: 'activitySettings.saleCustomerField', kind: 'text', errors: FIELD_NAME, when: (d) => d['customers.activity.enabled'] === true },
      { path: 'customers.activity.fields', label: 'activitySettings.fields', kind: 'lines', hint: 'activitySettings.fieldsHint', when: (d) => d['customers.activity.enabled'] === true },
    ],
  },
  {
    id: 'benefits',
    title: 'settingsNav.benefits',
    fields: [
      { path: 'benefits.eventType', label: 'settings.eventType', kind: 'text', errors: UPPER_ID },
      { path: 'benefits.voidNeedsPin', label: 'settingsNav.voidNeedsPin', kind: 'checkbox' },
      { path: 'benefits.voidReasons', label: 'settingsNav.voidReasons', kind: 'lines', hint: 'settingsNav.voidReasonsHint', placeholder: 'voidReasons.presets' },
    ],
  },
  {
    id: 'scanner',
    title: 'settingsNav.scanner',
    fields: [
      { path: 'scanner.kind', label: 'settings.scannerKind', kind: 'select', options: { none: 'scannerKind.none', serial: 'scannerKind.serial', hid: 'scannerKind.hid', wedge: 'scannerKind.wedge' } },
      { path: 'scanner.serial.path', label: 'settings.serialPath', kind: 'text', when: scannerIs('serial') },
      { path: 'scanner.serial.baudRate', label: 'settings.baudRate', kind: 'select', numeric: true, options: choices(1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200), when: scannerIs('serial') },
      { path: 'scanner.serial.dataBits', label: 'settings.dataBits', kind: 'select', numeric: true, options: choices(7, 8), when: scannerIs('serial') },
      { path: 'scanner.serial.parity', label: 'settings.parity', kind: 'select', options: { none: 'option.none', even: 'option.even', odd: 'option.odd', mark: 'option.mark', space: 'option.space' }, when: scannerIs('serial') },
      { path: 'scanner.serial.stopBits', label: 'settings.stopBits', kind: 'select', numeric: true, options: choices(1, 2), when: scannerIs('serial') },
      { path: 'scanner.serial.terminator', label: 'settings.terminator', kind: 'select', options: { CR: 'CR', LF: 'LF', CRLF: 'CRLF', none: 'option.none' }, when: scannerIs('serial') },
      { path: 'scanner.serial.idleTimeoutMs', label: 'settings.idleTimeout', kind: 'number', when: (d) => scannerIs('serial')(d) && d['scanner.serial.terminator'] === 'none' },
      { path: 'scanner.serial.vendorId', label: 'settings.vendorId', kind: 'text', errors: USB_ID, when: scannerIs('serial') },
      { path: 'scanner.serial.productId', label: 'settings.productId', kind: 'text', errors: USB_ID, when: scannerIs('serial') },
      { path: 'scanner.hid.path', label: 'settings.hidPath', kind: 'text', when: scannerIs('hid') },
      { path: 'scanner.hid.vendorId', label: 'settings.vendorId', kind: 'text', errors: USB_ID, when: scannerIs('hid') },
      { path: 'scanner.hid.productId', label: 'settings.productId', kind: 'text', errors: USB_ID, when: scannerIs('hid') },
      { path: 'scanner.hid.layout', label: 'settings.hidLayout', kind: 'select', options: { auto: 'hidLayout.auto', aim: 'hidLayout.aim', 'no-aim': 'hidLayout.noAim', 'vendor-62': 'hidLayout.vendor62' }, when: scannerIs('hid') },
      { path: 'scanner.hid.posModeReport', label: 'settings.posModeReport', kind: 'text', errors: HEX_BYTES, when: scannerIs('hid') },
      { path: 'scanner.wedge.enabled', label: 'settings.wedgeEnabled', kind: 'checkbox' },
      { path: 'scanner.wedge.maxGapMs', label: 'settings.wedgeMaxGap', kind: 'number', when: (d) => d['scanner.wedge.enabled'] === true },
      { path: 'scanner.wedge.minLength', label: 'settings.wedgeMinLength', kind: 'number', when: (d) => d['scanner.wedge.enabled'] === true },
      { path: 'scanner.wedge.prefix', label: 'settings.wedgePrefix', kind: 'text', when: (d) => d['scanner.wedge.enabled'] === true },
      { path: 'scanner.wedge.suffix', label: 'settings.wedgeSuffix', kind: 'select', options: { Enter: 'Enter', Tab: 'Tab', none: 'option.none' }, when: (d) => d['scanner.wedge.enabled'] === true },
      { path: 'scanner.sameCardWindowSec', label: 'settings.sameCardWindow', kind: 'number' },
    ],
  },
  {
    id: 'cards',
    title: 'settingsNav.cards',
    fields: [
      { path: 'cardRule.kind', label: 'settings.ruleKind', kind: 'select', options: { cardu: 'settings.ruleCardu', regex: 'settings.ruleRegex', affix: 'settings.ruleAffix' } },
      { path: 'cardRule.pattern', label: 'settings.rulePattern', kind: 'text', errors: { custom: 'settingsFieldError.pattern' }, when: ruleIs('regex') },
      { path: 'cardRule.prefix', label: 'settings.rulePrefix', kind: 'text', when: ruleIs('affix') },
      { path: 'cardRule.suffix', label: 'settings.ruleSuffix', kind: 'text', when: ruleIs('affix') },
      { path: 'cardRule.minLength', label: 'settings.ruleMinLength', kind: 'number', errors: { custom: 'settingsFieldError.minLength' } },
      { path: 'cardRule.maxLength', label: 'settings.ruleMaxLength', kind: 'number' },
      { path: 'cardRule.gsrnCheck', label: 'settings.ruleGsrn', kind: 'checkbox' },
      { path: 'cardRule.refuseProductCodes', label: 'settings.ruleRefuseProducts', kind: 'checkbox' },
    ],
  },
  {
    id: 'exports',
    title: 'settingsNav.exports',
    fields: [
      { path: 'exports.inboxDir', label: 'settings.inboxDir', kind: 'text' },
      { path: 'exports.schedules.customers', label: 'settings.scheduleCustomers', kind: 'text' },
      { path: 'exports.schedules.products', label: 'settings.scheduleProducts', kind: 'text' },
      { path: 'exports.schedules.sales', label: 'settings.scheduleSales', kind: 'text' },
      { path: 'exports.schedules.shops', label: 'settings.scheduleShops', kind: 'text' },
      { path: 'exports.schedules.events', label: 'settings.scheduleEvents', kind: 'text' },
      { path: 'exports.maxDiskMb', label: 'settings.maxDiskMb', kind: 'number' },
      { path: 'exports.failedCustomerWaitMinutes', label: 'settings.failedCustomerWaitMinutes', kind: 'number' },
      { path: 'exports.unknownFields', label: 'settings.unknownFields', kind: 'select', options: { drop: 'unknownFields.drop', refuse: 'unknownFields.refuse' } },
      { path: 'exports.ingestPort', label: 'settings.ingestPort', kind: 'number' },
    ],
  },
  {
    id: 'offline',
    title: 'settingsNav.offline',
    fields: [
      ...(['percent', 'amount', 'item', 'text'] as const).flatMap((kind): FieldDef[] => [
        { path: `benefits.offline.${kind}.allow`, label: `settings.offlineAllow.${kind}`, kind: 'checkbox' },
        { path: `benefits.offline.${kind}.cap`, label: 'settings.offlineCap', kind: 'number', when: (d) => d[`benefits.offline.${kind}.allow`] === true },
      ]),
      { path: 'customers.cacheTtlHours', label: 'settings.cacheTtl', kind: 'number' },
    ],
  },
  {
    id: 'fleet',
    title: 'settingsNav.fleet',
    fields: [
      { path: 'fleet.otlpUrl', label: 'settings.otlpUrl', kind: 'text' },
      { path: 'fleet.otlpIntervalSeconds', label: 'settings.otlpInterval', kind: 'number', when: (d) => d['fleet.otlpUrl'] !== '' },
      { path: 'fleet.metricsBind', label: 'settings.metricsBind', kind: 'select', options: { loopback: 'settingsNav.metricsBindLoopback', lan: 'settingsNav.metricsBindLan' }, hint: 'settings.metricsHint' },
    ],
  },
  {
    id: 'campaigns',
    title: 'settingsNav.campaigns',
    fields: [
      { path: 'campaigns.pullUrl', label: 'campaignSettings.pullUrl', kind: 'text' },
      { path: 'campaigns.pullSchedule', label: 'campaignSettings.pullSchedule', kind: 'text', errors: { schedule: 'settings.fieldError.pollSchedule' }, when: (d) => d['campaigns.pullUrl'] !== '' },
      { path: 'campaigns.shownEventType', label: 'campaignSettings.shownEventType', kind: 'text', errors: UPPER_ID },
      { path: 'campaigns.dismissedEventType', label: 'campaignSettings.dismissedEventType', kind: 'text', errors: UPPER_ID },
      mappingField('items', true),
      mappingField('externalId'),
      mappingField('phoneNumber'),
      mappingField('email'),
      mappingField('campaignId'),
      mappingField('message'),
      mappingField('validUntil'),
    ],
  },
  {
    id: 'general',
    title: 'settingsNav.general',
    fields: [
      { path: 'general.language', label: 'settings.language', kind: 'select', options: languages },
      { path: 'general.alwaysOnTop', label: 'settings.alwaysOnTop', kind: 'checkbox' },
      { path: 'general.shopId', label: 'settings.shopId', kind: 'text' },
      { path: 'general.tillId', label: 'settings.tillId', kind: 'text' },
      { path: 'general.storeTimeZone', label: 'settings.timeZone', kind: 'text' },
      { path: 'general.defaultCountry', label: 'settings.defaultCountry', kind: 'text' },
    ],
  },
];

export type Draft = Record<string, string | number | boolean>;

export function readPath(settings: SettingsView['settings'], path: string): string | number | boolean {
  return path.split('.').reduce<unknown>((obj, key) => (obj as Record<string, unknown>)[key], settings) as string | number | boolean;
}

const allFields = new Map(sections.flatMap((s) => s.fields).map((f) => [f.path, f]));

/** The section a setting is edited in (to open it when a save refuses that setting). */
export function sectionOf(path: string): SectionDef | undefined {
  return sections.find((s) => s.fields.some((f) => f.path === path));
}

export function draftFrom(settings: SettingsView['settings']): Draft {
  return Object.fromEntries(
    [...allFields.values()].map((f) => {
      const value = readPath(settings, f.path) as unknown;
      return [f.path, f.kind === 'lines' ? (value as string[]).join('\n') : (value as string | number | boolean)];
    }),
  );
}

/** A list edited one a line: blank lines dropped, each line trimmed. */
export const linesOf = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Only the fields that changed, as a nested patch: unchanged (and locked) values are never resent. */
export function patchFrom(draft: Draft, original: Draft): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(draft)) {
    if (value === original[path]) continue;
    const keys = path.split('.');
    let node = patch;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys.at(-1)!] = allFields.get(path)?.kind === 'lines' ? linesOf(String(value)) : value;
  }
  return patch;
}

const covers = (paths: readonly string[], path: string): boolean => paths.some((l) => l === path || path.startsWith(`${l}.`));

/**
 * Why a field is read-only, if it is. IT policy first: a path both managed and locked is shown as
 * managed, because asking IT is the way to change it.
 */
export function lockOf(view: Pick<SettingsView, 'locked' | 'managed'>, path: string): 'managed' | 'locked' | null {
  if (covers(view.managed, path)) return 'managed';
  return covers(view.locked, path) ? 'locked' : null;
}

/** One refused setting as settings.update reports it (details.fields): dotted path, code, English message. */
export interface SettingProblem {
  path: string;
  code: string;
  message: string;
  /** too_small / too_big: the limit and what it limits ("string" = characters). */
  limit?: number;
  origin?: string;
}

/** The refused settings of a failed save, by path; [] when the error names none. */
export function problemsOf(details: unknown): SettingProblem[] {
  const fields = (details as { fields?: unknown } | undefined)?.fields;
  if (!Array.isArray(fields)) return [];
  return fields.filter((f): f is SettingProblem => typeof f?.path === 'string' && typeof f?.code === 'string' && typeof f?.message === 'string');
}

const GENERAL_ERRORS: Record<string, string> = {
  schedule: 'settings.fieldError.schedule',
  https_required: 'settings.fieldError.https_required',
  managed: 'settings.fieldError.managed',
  invalid_type: 'settingsFieldError.invalid_type',
  invalid_value: 'settingsFieldError.invalid_value',
  url: 'settingsFieldError.url',
  time_zone: 'settingsFieldError.time_zone',
  country: 'settingsFieldError.country',
  folder_relative: 'settingsFieldError.folder_relative',
  folder_missing: 'settingsFieldError.folder_missing',
  folder_not_directory: 'settingsFieldError.folder_not_directory',
  folder_not_writable: 'settingsFieldError.folder_not_writable',
  unrecognized_keys: 'settingsFieldError.unrecognized_keys',
};

/**
 * The words for one refused setting, as an i18n key and its values, or null to show the core's own
 * message: the field's own words, a range with its limit, or the common words for the code.
 */
export function problemText(def: FieldDef | undefined, problem: SettingProblem): { key: string; values?: Record<string, unknown> } | null {
  const own = def?.errors?.[problem.code];
  if (own) return { key: own };
  if ((problem.code === 'too_small' || problem.code === 'too_big') && typeof problem.limit === 'number') {
    return { key: `settingsFieldError.${problem.code}${problem.origin === 'string' ? '_text' : ''}`, values: { limit: problem.limit } };
  }
  const general = GENERAL_ERRORS[problem.code];
  return general ? { key: general } : null;
}

/** A refused setting in the manager's language, a limit written as the language writes numbers; the core's message where the UI has no words. */
export function problemWords(def: FieldDef | undefined, problem: SettingProblem, t: (key: string, options?: Record<string, unknown>) => string, language: string): string {
  const text = problemText(def, problem);
  if (!text) return problem.message;
  const values = Object.fromEntries(Object.entries(text.values ?? {}).map(([k, v]) => [k, typeof v === 'number' ? number(v, language) : v]));
  return t(text.key, values);
}
