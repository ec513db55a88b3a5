import { z } from 'zod';
import { SecretName, type Settings } from '../../../preload/schemas/settings';
import { bindSecrets, type BoundSecretStore } from '../secrets/bound-secrets';
import type { SecretStore } from '../secrets/secret-store';

/** Which address each credential is sent to; the ingest token and webhook secret are checked, never sent, so they have none. */
const ADDRESS: Record<SecretName, { label: string; noun: string; url: (s: Settings) => string } | null> = {
  custobarToken: { label: 'Custobar token', noun: 'a token', url: (s) => s.custobar.baseUrl },
  benefitsToken: { label: 'benefits token', noun: 'a token', url: (s) => s.benefits.baseUrl },
  solteqClientSecret: { label: 'Solteq client secret', noun: 'a client secret', url: (s) => s.customers.solteq.tokenUrl },
  ingestToken: null,
  permissionsSecret: null,
  metricsToken: null,
  otlpToken: { label: 'collector token', noun: 'a token', url: (s) => s.fleet.otlpUrl },
  // Checked on the campaigns webhook first of all: bound to the pull address, moving that address would
  // turn the webhook off. The pull sends it only over https (or to this computer), never on a redirect.
  campaignsSecret: null,
};

/** "https://acme.custobar.com/x" → "https://acme.custobar.com"; '' for no (or no usable) address. */
export function originOf(url: string): string {
  if (!url) return '';
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? '' : origin;
  } catch {
    return '';
  }
}

/** The origin a secret would be sent to under these settings; null for a secret tied to no address. */
export function secretOrigin(settings: Settings, name: SecretName): string | null {
  const address = ADDRESS[name];
  return address ? originOf(address.url(settings)) : null;
}

export type OriginRecord = Partial<Record<SecretName, string>>;

/** How the records are kept in the settings document (a key of its own, never shown to the UI). */
export const StoredOrigins = z.partialRecord(SecretName, z.string()).catch({});

/** The part of SettingsService the binding needs (kept narrow so tests can fake it). */
export interface OriginSettings {
  get(): Settings;
  onChange(listener: (settings: Settings) => void): () => void;
  secretOrigin(name: SecretName, runOnly: boolean): string | undefined;
  bindSecret(name: SecretName, runOnly: boolean, origin: string | undefined): void;
}

export interface OriginWarnings {
  raise(code: string, message: string, params?: Record<string, string | number>): void;
  clear(code: string): void;
}

export const originWarningCode = (name: SecretName): string => `credential_origin.${name}`;

/**
 * The app's secret store: credentials bound to the origin they were given for, and a Status
 * warning for each one withheld after its address moved to another origin.
 */
export function bindSecretsToSettings(base: SecretStore, settings: OriginSettings, warnings: OriginWarnings): BoundSecretStore {
  const bound = bindSecrets(base, {
    current: (name) => secretOrigin(settings.get(), name),
    recorded: (name, runOnly) => settings.secretOrigin(name, runOnly),
    record: (name, runOnly, origin) => settings.bindSecret(name, runOnly, origin),
  });
  const refresh = (): void => {
    const unbound = new Map(bound.unbound().map((u) => [u.name, u]));
    for (const name of SecretName.options) {
      const u = unbound.get(name);
      const address = ADDRESS[name];
      if (!u || !address) warnings.clear(originWarningCode(name));
      else {
        const given = u.givenFor ? `was given for ${u.givenFor}` : 'was given before an address was set';
        warnings.raise(originWarningCode(name), `The ${address.label} ${given}, so it is not sent to ${u.current}; set ${address.noun} for ${u.current} in Settings.`, { current: u.current });
      }
    }
  };
  settings.onChange(refresh);
  refresh();
  return {
    ...bound,
    set: (name, value) => {
      bound.set(name, value);
      refresh();
    },
  };
}
