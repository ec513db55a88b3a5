import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SecretName } from '../../../preload/contract';
import { Warnings } from '../../../main/core/context/warnings';
import { createMemoryLogger } from '../../../main/core/logging/logger';
import { overlaySecrets } from '../../../main/core/secrets/overlay';
import { createEnvSecretStore, SERVICE_SECRET_ENV, type SecretStore } from '../../../main/core/secrets/secret-store';
import { createFileSettingsBackend } from '../../../main/core/settings/file-backend';
import { bindSecretsToSettings, originOf } from '../../../main/core/settings/secret-origins';
import { SettingsService } from '../../../main/core/settings/settings-service';
import { settingsView } from '../../../main/core/manager/settings-methods';
import type { CoreContext } from '../../../main/core/context/context';
import { tempDir } from '../../helpers/service-process';

/** Like the desktop app's keychain store: values survive a restart (no runOnly). */
function keychain(): SecretStore & { values: Map<SecretName, string> } {
  const values = new Map<SecretName, string>();
  return {
    values,
    get: (name) => values.get(name),
    has: (name) => values.has(name),
    set: (name, value) => void (value === '' ? values.delete(name) : values.set(name, value)),
    readOnlyReason: null,
  };
}

function start(file: string, base: SecretStore, overrides: Record<string, unknown> = {}) {
  const warnings = new Warnings();
  const settings = new SettingsService(createFileSettingsBackend(file), overrides, warnings, createMemoryLogger());
  const secrets = bindSecretsToSettings(base, settings, warnings);
  return { settings, secrets, warnings };
}

const custobarWarning = (warnings: Warnings) => warnings.list().find((w) => w.code === 'credential_origin.custobarToken');

describe('credentials bound to the origin they were given for', () => {
  it('withholds a token after its address moves to another origin, keeps it for another path on the same origin', () => {
    const file = path.join(tempDir(), 'settings.json');
    const { settings, secrets, warnings } = start(file, keychain());
    settings.update({ custobar: { baseUrl: 'https://old.custobar.com' } });
    secrets.set('custobarToken', 'old-token');
    settings.update({ custobar: { baseUrl: 'https://old.custobar.com/tenant-b' } });
    expect(secrets.get('custobarToken')).toBe('old-token');

    settings.update({ custobar: { baseUrl: 'https://new.custobar.com' } });
    expect(secrets.get('custobarToken')).toBeUndefined();
    expect(secrets.has('custobarToken')).toBe(false);
    expect(custobarWarning(warnings)?.message).toBe(
      'The Custobar token was given for https://old.custobar.com, so it is not sent to https://new.custobar.com; set a token for https://new.custobar.com in Settings.',
    );
    // Another port is another origin too.
    settings.update({ custobar: { baseUrl: 'https://old.custobar.com:8443' } });
    expect(secrets.get('custobarToken')).toBeUndefined();

    settings.update({ custobar: { baseUrl: 'https://new.custobar.com' } });
    secrets.set('custobarToken', 'new-token');
    expect(secrets.get('custobarToken')).toBe('new-token');
    expect(custobarWarning(warnings)).toBeUndefined();
    settings.update({ custobar: { baseUrl: 'https://old.custobar.com' } });
    expect(secrets.get('custobarToken')).toBeUndefined();
  });

  it('binds each credential to its own address and leaves the ingest token unbound', () => {
    const { settings, secrets, warnings } = start(path.join(tempDir(), 'settings.json'), keychain());
    settings.update({ benefits: { baseUrl: 'https://benefits.example' }, custobar: { baseUrl: 'https://a.custobar.com' } });
    secrets.set('benefitsToken', 'b');
    secrets.set('solteqClientSecret', 's');
    secrets.set('ingestToken', 'i');
    settings.update({ custobar: { baseUrl: 'https://b.custobar.com' }, exports: { ingestPort: 4999 } });
    expect([secrets.get('benefitsToken'), secrets.get('solteqClientSecret'), secrets.get('ingestToken')]).toEqual(['b', 's', 'i']);
    settings.update({ benefits: { baseUrl: 'https://benefits.other' }, customers: { solteq: { tokenUrl: 'https://login.other/connect/token' } } });
    expect([secrets.get('benefitsToken'), secrets.get('solteqClientSecret'), secrets.get('ingestToken')]).toEqual([undefined, undefined, 'i']);
    expect(warnings.list().map((w) => w.code).sort()).toEqual(['credential_origin.benefitsToken', 'credential_origin.solteqClientSecret']);
    expect(warnings.list().find((w) => w.code === 'credential_origin.solteqClientSecret')!.message).toContain('set a client secret for https://login.other');
  });

  it('reports a withheld token as not set in the settings view', () => {
    const { settings, secrets } = start(path.join(tempDir(), 'settings.json'), keychain());
    settings.update({ custobar: { baseUrl: 'https://a.custobar.com' } });
    secrets.set('custobarToken', 't');
    const view = () => settingsView({ settings, secrets } as unknown as CoreContext).secrets.custobarToken;
    expect(view()).toBe(true);
    settings.update({ custobar: { baseUrl: 'https://b.custobar.com' } });
    expect(view()).toBe(false);
  });

  it('keeps the binding of a saved token across restarts, in the settings file', () => {
    const file = path.join(tempDir(), 'settings.json');
    const store = keychain();
    const first = start(file, store);
    first.settings.update({ custobar: { baseUrl: 'https://a.custobar.com' } });
    first.secrets.set('custobarToken', 't');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).secretOrigins).toEqual({ custobarToken: 'https://a.custobar.com' });
    first.settings.update({ custobar: { baseUrl: 'https://b.custobar.com' } });
    // Restarted with the new address already in the file: the token still belongs to the old one.
    const second = start(file, store);
    expect(second.secrets.get('custobarToken')).toBeUndefined();
    expect(custobarWarning(second.warnings)?.message).toContain('given for https://a.custobar.com');
    // Removing the token forgets its binding.
    second.secrets.set('custobarToken', '');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).secretOrigins).toBeUndefined();
    expect(custobarWarning(second.warnings)).toBeUndefined();
  });

  it('gives a token saved before bindings existed to the address in use at start, and records that', () => {
    const file = path.join(tempDir(), 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ custobar: { baseUrl: 'https://a.custobar.com' } }));
    const store = keychain();
    store.values.set('custobarToken', 'legacy');
    const { settings, secrets } = start(file, store);
    expect(secrets.get('custobarToken')).toBe('legacy');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).secretOrigins).toEqual({ custobarToken: 'https://a.custobar.com' });
    settings.update({ custobar: { baseUrl: 'https://b.custobar.com' } });
    expect(secrets.get('custobarToken')).toBeUndefined();
  });

  it('lets the first address set claim a token given while none was set, and only the first', () => {
    const { settings, secrets, warnings } = start(path.join(tempDir(), 'settings.json'), keychain());
    secrets.set('custobarToken', 't');
    settings.update({ custobar: { baseUrl: 'https://a.custobar.com' } });
    expect(secrets.get('custobarToken')).toBe('t');
    expect(warnings.list()).toEqual([]);
    settings.update({ custobar: { baseUrl: 'https://b.custobar.com' } });
    expect(secrets.get('custobarToken')).toBeUndefined();
    // Clearing the address and setting another one does not hand the token on either.
    settings.update({ custobar: { baseUrl: '' } });
    settings.update({ custobar: { baseUrl: 'https://c.custobar.com' } });
    expect(secrets.get('custobarToken')).toBeUndefined();
  });

  it('gives an environment token to the origin the service started with, again at every start', () => {
    const file = path.join(tempDir(), 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ custobar: { baseUrl: 'https://a.custobar.com' } }));
    const env = createEnvSecretStore({ TILL_CUSTOBAR_TOKEN: 'env-token' }, SERVICE_SECRET_ENV);
    const first = start(file, env);
    expect(first.secrets.get('custobarToken')).toBe('env-token');
    first.settings.update({ custobar: { baseUrl: 'https://b.custobar.com' } });
    expect(first.secrets.get('custobarToken')).toBeUndefined();
    // Nothing about run-only secrets is written to the file.
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).secretOrigins).toBeUndefined();
    // A token set at runtime replaces it for the run; removing that one brings back the environment's, still for a.
    first.secrets.set('custobarToken', 'runtime-token');
    expect(first.secrets.get('custobarToken')).toBe('runtime-token');
    first.secrets.set('custobarToken', '');
    expect(first.secrets.get('custobarToken')).toBeUndefined();

    // The next start reads b from the file: the environment's token belongs to b now.
    expect(start(file, createEnvSecretStore({ TILL_CUSTOBAR_TOKEN: 'env-token' }, SERVICE_SECRET_ENV)).secrets.get('custobarToken')).toBe('env-token');
    // …and a --custobar-url flag decides over the file.
    const flagged = start(file, createEnvSecretStore({ TILL_BENEFITS_TOKEN: 'b' }, SERVICE_SECRET_ENV), { benefits: { baseUrl: 'https://benefits.flag' } });
    expect(flagged.secrets.get('benefitsToken')).toBe('b');
  });

  it('lets the demo tokens serve the demo address without touching the saved token’s binding', () => {
    const file = path.join(tempDir(), 'settings.json');
    const store = keychain();
    const real = start(file, store);
    real.settings.update({ custobar: { baseUrl: 'https://a.custobar.com' } });
    real.secrets.set('custobarToken', 'real');
    const demo = start(file, overlaySecrets(store, { custobarToken: 'demo' }), { custobar: { baseUrl: 'http://127.0.0.1:4999' } });
    expect(demo.secrets.get('custobarToken')).toBe('demo');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).secretOrigins).toEqual({ custobarToken: 'https://a.custobar.com' });
    expect(start(file, store).secrets.get('custobarToken')).toBe('real');
  });

  it('takes the origin of an address: scheme, host and port, nothing else', () => {
    expect(originOf('https://acme.custobar.com/api/x?y=1')).toBe('https://acme.custobar.com');
    expect(originOf('https://ACME.custobar.com:443/')).toBe('https://acme.custobar.com');
    expect(originOf('http://127.0.0.1:4000/')).toBe('http://127.0.0.1:4000');
    expect(originOf('')).toBe('');
    expect(originOf('not a url')).toBe('');
  });
});
