import { describe, expect, it } from 'vitest';
import { Settings } from '../../../preload/schemas/settings';
import { fieldProblems } from '../../../main/core/settings/field-errors';
import { draftFrom, patchFrom, problemText, sectionOf, sections } from '../../../renderer/src/views/settings-fields';
import en from '../../../renderer/src/i18n/en';
import fi from '../../../renderer/src/i18n/fi';
import sv from '../../../renderer/src/i18n/sv';

const defaults = (() => {
  const { manager: _manager, ...rest } = Settings.parse({});
  return rest;
})();

const lookup = (strings: unknown, key: string): unknown => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], strings);

describe('settings sections and field errors', () => {
  it('has the ten sections in order, and every field in exactly one of them', () => {
    expect(sections.map((s) => s.id)).toEqual(['connection', 'customers', 'benefits', 'scanner', 'cards', 'exports', 'offline', 'fleet', 'campaigns', 'general']);
    const paths = sections.flatMap((s) => s.fields.map((f) => f.path));
    expect(new Set(paths).size).toBe(paths.length);
    expect(sectionOf('benefits.voidNeedsPin')?.id).toBe('benefits');
    expect(sectionOf('benefits.offline.item.cap')?.id).toBe('offline');
    expect(sectionOf('general.language')?.id).toBe('general');
    expect(sectionOf('fleet.otlpUrl')?.id).toBe('fleet');
    expect(sectionOf('campaigns.mapping.message')?.id).toBe('campaigns');
  });

  it('every label, section title and error key exists in en, fi and sv', () => {
    const keys = sections.flatMap((s) => [s.title, ...s.fields.flatMap((f) => [f.label, ...Object.values(f.errors ?? {})])]);
    for (const strings of [en, fi, sv]) for (const key of keys) expect(typeof lookup(strings, key), key).toBe('string');
  });

  it('edits the void reasons one a line and sends them as a list', () => {
    const original = draftFrom(defaults);
    expect(original['benefits.voidReasons']).toBe('');
    expect(original['benefits.voidNeedsPin']).toBe(true);
    const patch = patchFrom({ ...original, 'benefits.voidReasons': ' Wrong customer \n\nTest sale\n' }, original);
    expect(patch).toEqual({ benefits: { voidReasons: ['Wrong customer', 'Test sale'] } });
    expect(Settings.safeParse({ benefits: patch.benefits }).success).toBe(true);
  });

  it('words a refused range with its limit from the core, and a field format with the field’s own words', () => {
    const parsed = Settings.safeParse({ customers: { lookupTimeoutMs: 5 }, cardRule: { prefix: 'x'.repeat(40) }, benefits: { eventType: 'lower' } });
    expect(parsed.success).toBe(false);
    const problems = fieldProblems(parsed.error!);
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p]));
    expect(byPath['customers.lookupTimeoutMs']).toMatchObject({ code: 'too_small', limit: 300, origin: 'number' });
    const def = (path: string) => sections.flatMap((s) => s.fields).find((f) => f.path === path);
    expect(problemText(def('customers.lookupTimeoutMs'), byPath['customers.lookupTimeoutMs']!)).toEqual({ key: 'settingsFieldError.too_small', values: { limit: 300 } });
    expect(problemText(def('cardRule.prefix'), byPath['cardRule.prefix']!)).toEqual({ key: 'settingsFieldError.too_big_text', values: { limit: 32 } });
    expect(problemText(def('benefits.eventType'), byPath['benefits.eventType']!)).toEqual({ key: 'settingsFieldError.upper_id' });
    // A code with no words of its own: the core's message is shown.
    expect(problemText(def('general.shopId'), { path: 'general.shopId', code: 'something_new', message: 'x' })).toBeNull();
  });
});
