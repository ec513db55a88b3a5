import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Warnings } from '../../../main/core/context/warnings';
import { CompanionError } from '../../../main/core/common/errors';
import { createMemoryLogger } from '../../../main/core/logging/logger';
import { createFileSettingsBackend } from '../../../main/core/settings/file-backend';
import { defaultSettings, SettingsService } from '../../../main/core/settings/settings-service';
import { tempDir } from '../../helpers/service-process';

function service(file = path.join(tempDir(), 'settings.json')) {
  const warnings = new Warnings();
  const logger = createMemoryLogger();
  return { settings: new SettingsService(createFileSettingsBackend(file), {}, warnings, logger), warnings, file, logger };
}

/** The error settings.update answers with, so a test can look at its code and fields. */
function refusal(run: () => unknown): CompanionError {
  try {
    run();
  } catch (error) {
    if (error instanceof CompanionError) return error;
    throw error;
  }
  throw new Error('expected the update to be refused');
}

const fields = (error: CompanionError) => (error.details as { fields: { path: string; code: string; message: string }[] }).fields;

describe('settings are validated before they are saved', () => {
  it('checks schedules with croner: 5 or 6 fields it accepts, that fire at least once, or "continuous"', () => {
    const { settings, file } = service();
    for (const [spec, reason] of [
      ['99 99 * * *', /Invalid value for minute/],
      ['0 2 31 2 *', /never runs/],
      ['0 0 2 * * * *', /5 or 6 fields/],
      ['@daily', /5 or 6 fields/],
      ['sometimes', /5 or 6 fields/],
    ] as const) {
      const error = refusal(() => settings.update({ exports: { schedules: { sales: spec } } }));
      expect(error.code, spec).toBe('invalid_input');
      expect(fields(error), spec).toEqual([{ path: 'exports.schedules.sales', code: 'schedule', message: expect.stringMatching(reason) }]);
    }
    expect(fs.existsSync(file)).toBe(false);
    settings.update({ exports: { schedules: { sales: '*/15 * * * *', products: '0 30 2 * * *', shops: 'continuous' } } });
    expect(settings.get().exports.schedules).toMatchObject({ sales: '*/15 * * * *', products: '0 30 2 * * *', shops: 'continuous' });
  });

  it('accepts only real country codes and time zones', () => {
    const { settings } = service();
    for (const country of ['XX', 'fi', 'FIN', 'EU']) {
      expect(fields(refusal(() => settings.update({ general: { defaultCountry: country } })))[0], country).toMatchObject({ path: 'general.defaultCountry' });
    }
    expect(fields(refusal(() => settings.update({ general: { storeTimeZone: 'Europe/Atlantis' } })))[0]).toMatchObject({ path: 'general.storeTimeZone', code: 'time_zone' });
    settings.update({ general: { defaultCountry: 'SE', storeTimeZone: 'America/New_York' } });
    expect(settings.get().general).toMatchObject({ defaultCountry: 'SE', storeTimeZone: 'America/New_York' });
  });

  it('takes http:// only for this computer; every other address needs https://', () => {
    const { settings } = service();
    for (const [path, patch] of [
      ['custobar.baseUrl', { custobar: { baseUrl: 'http://acme.custobar.com' } }],
      ['benefits.baseUrl', { benefits: { baseUrl: 'http://10.0.0.5:8080' } }],
      ['customers.solteq.tokenUrl', { customers: { solteq: { tokenUrl: 'http://login.example/token' } } }],
      ['customers.solteq.apiBase', { customers: { solteq: { apiBase: 'http://[::ffff:7f00:1]/' } } }],
      ['custobar.baseUrl', { custobar: { baseUrl: 'http://127.example.com' } }],
    ] as const) {
      const error = refusal(() => settings.update(patch));
      expect(fields(error), path).toEqual([{ path, code: 'https_required', message: expect.stringContaining('https://') }]);
      expect(error.message).toContain(path);
    }
    for (const url of ['http://127.0.0.1:4000', 'http://127.9.8.7', 'http://localhost:9', 'http://[::1]:8080', 'https://acme.custobar.com']) {
      settings.update({ custobar: { baseUrl: url } });
      expect(settings.get().custobar.baseUrl).toBe(url);
    }
  });

  it('checks the inbox folder exists and is a folder when it is set', () => {
    const { settings } = service();
    const dir = tempDir();
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    expect(fields(refusal(() => settings.update({ exports: { inboxDir: path.join(dir, 'missing') } })))).toEqual([
      { path: 'exports.inboxDir', code: 'folder_missing', message: expect.stringContaining('does not exist') },
    ]);
    expect(fields(refusal(() => settings.update({ exports: { inboxDir: file } })))[0]).toMatchObject({ code: 'folder_not_directory' });
    expect(fields(refusal(() => settings.update({ exports: { inboxDir: 'relative/inbox' } })))[0]).toMatchObject({ code: 'folder_relative' });
    settings.update({ exports: { inboxDir: dir } });
    expect(settings.get().exports.inboxDir).toBe(dir);
    settings.update({ exports: { inboxDir: '' } });
    expect(settings.get().exports.inboxDir).toBe('');
  });

  it('refuses settings that do not exist instead of dropping them silently', () => {
    const { settings } = service();
    const error = refusal(() => settings.update({ general: { shopID: 'X' }, custobar: { baseUrl: 'https://a.custobar.com' } }));
    expect(fields(error)).toEqual([{ path: 'general.shopID', code: 'unknown', message: 'no such setting' }]);
    expect(settings.get().custobar.baseUrl).toBe('');
  });

  it('rolls a change back when a part of the app cannot apply it: memory, listeners and file', () => {
    const { settings, file } = service();
    settings.update({ general: { shopId: 'BEFORE' } });
    const before = fs.readFileSync(file, 'utf8');
    const seen: string[] = [];
    settings.onChange((s) => seen.push(s.general.shopId));
    settings.onChange((s) => {
      if (s.general.shopId === 'AFTER') throw new Error('scanner port busy');
    });
    const error = refusal(() => settings.update({ general: { shopId: 'AFTER' } }));
    expect(error.code).toBe('invalid_input');
    expect(fields(error)).toEqual([{ path: 'general.shopId', code: 'apply_failed', message: expect.stringContaining('could not use it') }]);
    // The technical reason goes to the log only.
    expect(error.message).not.toContain('scanner port busy');
    expect(settings.get().general.shopId).toBe('BEFORE');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    // The listener that had taken the new value was given the old one back.
    expect(seen).toEqual(['AFTER', 'BEFORE']);
    expect(new SettingsService(createFileSettingsBackend(file), {}, new Warnings(), createMemoryLogger()).get().general.shopId).toBe('BEFORE');
  });

  it('puts everything back when the file cannot be written, and says where', () => {
    const backend = { ...createFileSettingsBackend(path.join(tempDir(), 'settings.json')), location: '/readonly/settings.json' };
    backend.write = () => {
      throw Object.assign(new Error('read-only file system'), { code: 'EROFS' });
    };
    const settings = new SettingsService(backend, {}, new Warnings(), createMemoryLogger());
    const seen: string[] = [];
    settings.onChange((s) => seen.push(s.general.language));
    const error = refusal(() => settings.update({ general: { language: 'sv' } }));
    expect(error).toMatchObject({ code: 'unavailable', message: 'The settings could not be saved to /readonly/settings.json (EROFS); nothing was changed.' });
    expect(settings.get().general.language).toBe('en');
    expect(seen).toEqual(['sv', 'en']);
  });

  it('passes on the message of an applier that words its own refusal', () => {
    const { settings } = service();
    settings.onChange(() => {
      throw new CompanionError('unavailable', 'The serial port is in use by another program.');
    });
    const error = refusal(() => settings.update({ scanner: { kind: 'none' } }));
    expect(error.message).toContain('The serial port is in use by another program.');
    expect(settings.get().scanner.kind).toBe(defaultSettings().scanner.kind);
  });
});

describe('an invalid value already on disk', () => {
  it('falls back to its default for that field only, keeps the rest, keeps the original aside and warns', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    const original = JSON.stringify({ exports: { schedules: { sales: '99 99 * * *' } }, general: { shopId: 'KEEP-ME' } });
    fs.writeFileSync(file, original);
    const { settings, warnings } = service(file);
    expect(settings.get().exports.schedules.sales).toBe(defaultSettings().exports.schedules.sales);
    expect(settings.get().general.shopId).toBe('KEEP-ME');
    expect(fs.readFileSync(`${file}.corrupt`, 'utf8')).toBe(original);
    const list = warnings.list();
    expect(list).toEqual([expect.objectContaining({ code: 'settings_invalid_fields', message: expect.stringContaining('exports.schedules.sales') })]);
    expect(list[0]!.message).toContain('settings.json.corrupt');

    // The repaired file is what the next start reads: same values, nothing more to repair.
    const again = service(file);
    expect(again.settings.get().general.shopId).toBe('KEEP-ME');
    expect(again.settings.get().exports.schedules.sales).toBe(defaultSettings().exports.schedules.sales);
    expect(again.warnings.list()).toEqual([]);
    expect(fs.readdirSync(dir).sort()).toEqual(['settings.json', 'settings.json.corrupt']);
  });

  it('resets a field a section check names, and a section that is not an object, leaving other sections', () => {
    const file = path.join(tempDir(), 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ cardRule: { minLength: 40, maxLength: 10, prefix: 'X' }, scanner: 'serial', general: { language: 'fi' } }));
    const { settings, warnings } = service(file);
    expect(settings.get().cardRule).toMatchObject({ minLength: 6, maxLength: 10, prefix: 'X' });
    expect(settings.get().scanner).toEqual(defaultSettings().scanner);
    expect(settings.get().general.language).toBe('fi');
    expect(warnings.list()[0]!.message).toMatch(/cardRule\.minLength.*scanner|scanner.*cardRule\.minLength/);
  });

  it('keeps warning about a reset field until the manager sets it', () => {
    const file = path.join(tempDir(), 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ general: { defaultCountry: 'XX', storeTimeZone: 'Nowhere/City' } }));
    const { settings, warnings } = service(file);
    expect(warnings.list()[0]!.message).toContain('general.defaultCountry');
    expect(warnings.list()[0]!.message).toContain('general.storeTimeZone');
    settings.update({ general: { shopId: 'OTHER' } });
    expect(warnings.list()).toHaveLength(1);
    settings.update({ general: { defaultCountry: 'SE' } });
    expect(warnings.list()[0]!.message).not.toContain('defaultCountry');
    expect(warnings.list()[0]!.message).toContain('storeTimeZone');
    settings.update({ general: { storeTimeZone: 'Europe/Stockholm' } });
    expect(warnings.list()).toEqual([]);
  });
});
