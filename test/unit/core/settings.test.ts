import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../main/core/logging/logger';
import { createFileSettingsBackend } from '../../../main/core/settings/file-backend';
import { deepMerge, leafPaths, touchesLockedPath } from '../../../main/core/settings/merge';
import { defaultSettings, SettingsService } from '../../../main/core/settings/settings-service';
import { Warnings } from '../../../main/core/context/warnings';
import { tempDir } from '../../helpers/service-process';

function service(file: string, overrides: Record<string, unknown> = {}) {
  const warnings = new Warnings();
  const settings = new SettingsService(createFileSettingsBackend(file), overrides, warnings, createMemoryLogger());
  return { settings, warnings };
}

describe('settings', () => {
  it('uses defaults on first run and persists updates atomically', () => {
    const file = path.join(tempDir(), 'settings.json');
    const { settings } = service(file);
    expect(settings.get()).toEqual(defaultSettings());
    expect(settings.get().general.shopId).toBe('STORE-1');
    settings.update({ general: { language: 'fi' } });
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).general.language).toBe('fi');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['settings.json']);
    expect(service(file).settings.get().general.language).toBe('fi');
  });

  it('keeps a corrupt file aside as .corrupt, uses defaults and warns', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, '{ this is not json');
    const { settings, warnings } = service(file);
    expect(settings.get()).toEqual(defaultSettings());
    expect(fs.readFileSync(`${file}.corrupt`, 'utf8')).toBe('{ this is not json');
    expect(warnings.list()).toHaveLength(1);
    expect(warnings.list()[0]!.message).toContain('settings.json.corrupt');
  });

  it('resets only the invalid field of a schema-invalid file, keeps the original aside and never overwrites earlier evidence', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(`${file}.corrupt`, 'older');
    const original = JSON.stringify({ general: { language: 'de', shopId: 'S-9' } });
    fs.writeFileSync(file, original);
    const { settings, warnings } = service(file);
    expect(settings.get().general.language).toBe('en');
    expect(settings.get().general.shopId).toBe('S-9');
    expect(fs.readFileSync(`${file}.corrupt`, 'utf8')).toBe('older');
    expect(fs.readFileSync(`${file}.1.corrupt`, 'utf8')).toBe(original);
    expect(warnings.list()[0]!.message).toContain('general.language');
    expect(warnings.list()[0]!.message).toContain('settings.json.1.corrupt');
  });

  it('fills missing sections and keys from defaults', () => {
    const file = path.join(tempDir(), 'settings.json');
    fs.writeFileSync(file, '\uFEFF' + JSON.stringify({ custobar: { baseUrl: 'https://acme.custobar.com' } }));
    const { settings, warnings } = service(file);
    expect(settings.get().custobar).toMatchObject({ baseUrl: 'https://acme.custobar.com', authScheme: 'Token', requestsPerMinute: 180 });
    expect(warnings.list()).toEqual([]);
  });

  it('rejects invalid updates with the field and reason, and changes nothing', () => {
    const file = path.join(tempDir(), 'settings.json');
    const { settings } = service(file);
    expect(() => settings.update({ custobar: { baseUrl: 'ftp://x' } })).toThrow(/custobar\.baseUrl/);
    expect(() => settings.update({ custobar: { requestsPerMinute: 0 } })).toThrow(/requestsPerMinute/);
    expect(() => settings.update({ general: { storeTimeZone: 'Mars/Olympus_Mons' } })).toThrow(/IANA time zone/);
    expect(settings.get()).toEqual(defaultSettings());
    expect(fs.existsSync(file)).toBe(false);
  });

  it('applies command-line overrides without saving them, and refuses to change them', () => {
    const file = path.join(tempDir(), 'settings.json');
    const { settings } = service(file, { custobar: { baseUrl: 'http://127.0.0.1:9999' } });
    expect(settings.get().custobar.baseUrl).toBe('http://127.0.0.1:9999');
    expect(settings.locked).toEqual(['custobar.baseUrl']);
    expect(() => settings.update({ custobar: { baseUrl: 'https://x.custobar.com' } })).toThrow(/fixed by the command line/);
    settings.update({ custobar: { authScheme: 'Bearer' } });
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(saved.custobar.baseUrl).toBe('');
    expect(saved.custobar.authScheme).toBe('Bearer');
    expect(settings.get().custobar.baseUrl).toBe('http://127.0.0.1:9999');
  });

  it('refuses invalid command-line overrides with a clear error', () => {
    expect(() => service(path.join(tempDir(), 's.json'), { custobar: { baseUrl: 'not a url' } })).toThrow(/Invalid command-line setting: custobar.baseUrl/);
  });
});

describe('merge helpers', () => {
  it('merges deeply, replaces arrays and ignores prototype keys', () => {
    expect(deepMerge({ a: { b: 1, c: 2 }, l: [1] }, { a: { b: 3 }, l: [2] })).toEqual({ a: { b: 3, c: 2 }, l: [2] });
    const merged = deepMerge({}, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(merged.polluted).toBeUndefined();
  });

  it('finds leaf paths and locked collisions', () => {
    expect(leafPaths({ a: { b: 1, c: { d: 2 } } })).toEqual(['a.b', 'a.c.d']);
    expect(touchesLockedPath({ a: { b: 1 } }, ['a.b'])).toEqual(['a.b']);
    expect(touchesLockedPath({ a: { x: 1 } }, ['a.b'])).toEqual([]);
  });
});
