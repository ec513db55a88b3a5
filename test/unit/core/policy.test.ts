import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Companion } from '../../../main/core/companion';
import { Warnings } from '../../../main/core/context/warnings';
import { createMemoryLogger } from '../../../main/core/logging/logger';
import { createFileSettingsBackend } from '../../../main/core/settings/file-backend';
import { SettingsService } from '../../../main/core/settings/settings-service';
import { makeCompanion } from '../../helpers/companion';
import { tempDir } from '../../helpers/service-process';

function writePolicy(content: unknown): string {
  const file = path.join(tempDir('policy-'), 'policy.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function service(policyFile: string | undefined, stored?: unknown, overrides: Record<string, unknown> = {}) {
  const file = path.join(tempDir(), 'settings.json');
  if (stored !== undefined) fs.writeFileSync(file, JSON.stringify(stored));
  const warnings = new Warnings();
  const settings = new SettingsService(createFileSettingsBackend(file), overrides, warnings, createMemoryLogger(), { policyFile });
  return { settings, warnings, file };
}

describe('the IT policy file', () => {
  let companion: Companion | null = null;
  afterEach(async () => {
    await companion?.close();
    companion = null;
  });

  it('enforces and locks every key it sets: the update is refused, the value stays, the view lists it', async () => {
    const policyFile = writePolicy({ settings: { custobar: { baseUrl: 'https://fleet.custobar.com' }, exports: { schedules: { sales: '*/10 * * * *' } } } });
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ custobar: { baseUrl: 'https://local.custobar.com' }, general: { shopId: 'S-1' } }));
    companion = await makeCompanion({}, dataDir, { policyFile });

    const view = await companion.api['settings.get']({} as never);
    expect(view.settings.custobar.baseUrl).toBe('https://fleet.custobar.com');
    expect(view.settings.exports.schedules.sales).toBe('*/10 * * * *');
    expect(view.managed).toEqual(['custobar.baseUrl', 'exports.schedules.sales']);
    expect(view.locked).toEqual(expect.arrayContaining(['custobar.baseUrl', 'exports.schedules.sales']));

    const refused = await companion.dispatch('settings.update', { patch: { custobar: { baseUrl: 'https://other.custobar.com' } } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('managed by IT') } });
    expect(refused.ok === false && refused.error.details).toEqual({ fields: [{ path: 'custobar.baseUrl', code: 'managed', message: expect.any(String) }] });
    // Setting a whole section that holds a managed key is refused too.
    expect(await companion.dispatch('settings.update', { patch: { exports: { schedules: { sales: 'continuous', shops: 'continuous' } } } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(companion.context.settings.get().custobar.baseUrl).toBe('https://fleet.custobar.com');
    expect(companion.context.settings.get().exports.schedules.shops).toBe('0 3 * * *');

    // Keys the policy leaves alone are the till's own, and the policy's values are never written to its file.
    await companion.api['settings.update']({ patch: { general: { shopId: 'S-2' } } });
    const saved = JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8'));
    expect(saved.general.shopId).toBe('S-2');
    expect(saved.custobar.baseUrl).toBe('https://local.custobar.com');
    expect((await companion.api['status.get']({} as never)).warnings).toEqual([]);
  });

  it('ignores an invalid policy as a whole and says why on the Status view', async () => {
    const cases: [unknown, RegExp][] = [
      ['{ "settings": { "general": ', /not valid JSON/],
      [{ settings: { general: { shopId: 'P-1' } }, extra: true }, /\{"settings": \{…\}\} and nothing else/],
      [{ settings: { general: { shopId: 'P-1', shopName: 'x' } } }, /unknown settings: general\.shopName/],
      [{ settings: { general: { shopId: 'P-1' }, exports: { schedules: { sales: '99 99 * * *' } } } }, /exports\.schedules\.sales/],
      [{ settings: { general: { shopId: 'P-1' }, custobarToken: 'secret' } }, /unknown settings: custobarToken/],
      [{ settings: { general: { shopId: 'P-1' }, manager: { pinHash: '' } } }, /manager cannot be set by policy/],
      [{ settings: { general: { shopId: 'P-1' }, custobar: 'https://x.custobar.com' } }, /must be objects of settings: custobar/],
    ];
    for (const [content, reason] of cases) {
      const policyFile = writePolicy(content);
      companion = await makeCompanion({}, tempDir(), { policyFile });
      const label = JSON.stringify(content);
      // Not half applied: the valid key next to the bad one is not enforced either.
      expect(companion.context.settings.get().general.shopId, label).toBe('STORE-1');
      const view = await companion.api['settings.get']({} as never);
      expect(view.managed, label).toEqual([]);
      expect(view.locked, label).toEqual([]);
      const warnings = (await companion.api['status.get']({} as never)).warnings;
      expect(warnings, label).toEqual([expect.objectContaining({ code: 'policy_invalid', message: expect.stringMatching(reason) })]);
      expect(warnings[0]!.message, label).toContain(policyFile);
      await companion.api['settings.update']({ patch: { general: { shopId: 'LOCAL' } } });
      expect(companion.context.settings.get().general.shopId, label).toBe('LOCAL');
      await companion.close();
      companion = null;
    }
  });

  it('is no policy and no warning when the file does not exist', () => {
    const { settings, warnings } = service(path.join(tempDir(), 'no-such-policy.json'));
    expect(settings.managed).toEqual([]);
    expect(warnings.list()).toEqual([]);
  });

  it('is ignored whole when it cannot be combined with the till’s own settings', () => {
    const policyFile = writePolicy({ settings: { cardRule: { minLength: 20 }, general: { language: 'sv' } } });
    const { settings, warnings } = service(policyFile, { cardRule: { maxLength: 12 } });
    expect(settings.get().cardRule.minLength).toBe(6);
    expect(settings.get().general.language).toBe('en');
    expect(warnings.list()[0]).toMatchObject({ code: 'policy_invalid', message: expect.stringContaining('cardRule.minLength') });
  });

  it('refuses a local change that the policy’s values would make invalid, naming the field', () => {
    const policyFile = writePolicy({ settings: { cardRule: { minLength: 10 } } });
    const { settings } = service(policyFile);
    expect(() => settings.update({ cardRule: { maxLength: 8 } })).toThrow(/cardRule\.minLength/);
    expect(settings.get().cardRule.maxLength).toBe(32);
  });

  it('gives way to demo mode and command-line flags for the run, which are never saved', () => {
    const policyFile = writePolicy({ settings: { custobar: { baseUrl: 'https://fleet.custobar.com', timeoutMs: 20000 } } });
    const { settings } = service(policyFile, undefined, { custobar: { baseUrl: 'http://127.0.0.1:9999' } });
    expect(settings.get().custobar).toMatchObject({ baseUrl: 'http://127.0.0.1:9999', timeoutMs: 20000 });
    expect(settings.managed).toEqual(['custobar.baseUrl', 'custobar.timeoutMs']);
    expect(settings.locked).toEqual(['custobar.baseUrl', 'custobar.timeoutMs']);
  });
});
