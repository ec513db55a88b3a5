import type { SettingsView } from '../../../preload/contract';
import { languages } from '../i18n';

export type FieldKind = 'text' | 'number' | 'checkbox' | 'select';

export interface FieldDef {
  path: string;
  label: string;
  kind: FieldKind;
  options?: Record<string, string>;
}

export interface SectionDef {
  title: string;
  fields: FieldDef[];
}

/**
 * The editable settings, by section. Labels are i18n keys. Adding a setting to the schema and a row
 * here is all the UI needs.
 */
export const sections: SectionDef[] = [
  {
    title: 'settings.general',
    fields: [
      { path: 'general.language', label: 'settings.language', kind: 'select', options: languages },
      { path: 'general.alwaysOnTop', label: 'settings.alwaysOnTop', kind: 'checkbox' },
      { path: 'general.shopId', label: 'settings.shopId', kind: 'text' },
      { path: 'general.tillId', label: 'settings.tillId', kind: 'text' },
      { path: 'general.storeTimeZone', label: 'settings.timeZone', kind: 'text' },
      { path: 'general.defaultCountry', label: 'settings.defaultCountry', kind: 'text' },
    ],
  },
  {
    title: 'settings.custobar',
    fields: [
      { path: 'custobar.baseUrl', label: 'settings.baseUrl', kind: 'text' },
      { path: 'custobar.authScheme', label: 'settings.authScheme', kind: 'select', options: { Token: 'Token', Bearer: 'Bearer' } },
    ],
  },
  {
    title: 'settings.benefits',
    fields: [{ path: 'benefits.baseUrl', label: 'settings.benefitsUrl', kind: 'text' }],
  },
];

export type Draft = Record<string, string | number | boolean>;

export function readPath(settings: SettingsView['settings'], path: string): string | number | boolean {
  return path.split('.').reduce<unknown>((obj, key) => (obj as Record<string, unknown>)[key], settings) as string | number | boolean;
}

export function draftFrom(settings: SettingsView['settings']): Draft {
  return Object.fromEntries(sections.flatMap((s) => s.fields).map((f) => [f.path, readPath(settings, f.path)]));
}

/** Only the fields that changed, as a nested patch: unchanged (and locked) values are never resent. */
export function patchFrom(draft: Draft, original: Draft): Record<string, unknown> {
  const patch: Record<string, Record<string, unknown>> = {};
  for (const [path, value] of Object.entries(draft)) {
    if (value === original[path]) continue;
    const [section, key] = path.split('.') as [string, string];
    (patch[section] ??= {})[key] = value;
  }
  return patch;
}
