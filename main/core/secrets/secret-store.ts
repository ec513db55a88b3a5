import type { SecretName } from '../../../preload/contract';

/**
 * Credentials (Custobar token, benefits token, …). In Electron they are encrypted with safeStorage
 * (main/electron/secrets.ts); in service mode they come from environment variables. Never from the
 * settings file, never into a log.
 */
export interface SecretStore {
  get(name: SecretName): string | undefined;
  set(name: SecretName, value: string): void;
  has(name: SecretName): boolean;
  /** Why a secret cannot be set here, or null when it can. */
  readonly readOnlyReason: string | null;
  /**
   * True when this secret's value lasts only for this run (environment, memory, demo overlay): the
   * address it belongs to is then kept for the run too, never saved. Absent = saved (the keychain).
   */
  runOnly?(name: SecretName): boolean;
}

/** Service mode: secrets from the environment, plus values set at runtime kept in memory only. */
export function createEnvSecretStore(
  env: NodeJS.ProcessEnv,
  mapping: Record<SecretName, string>,
  initial: Partial<Record<SecretName, string>> = {},
): SecretStore {
  const memory = new Map<SecretName, string>(Object.entries(initial) as [SecretName, string][]);
  const get = (name: SecretName): string | undefined => memory.get(name) ?? (env[mapping[name]] || undefined);
  return {
    get,
    has: (name) => get(name) !== undefined,
    set: (name, value) => {
      if (value === '') memory.delete(name);
      else memory.set(name, value);
    },
    readOnlyReason: null,
    runOnly: () => true,
  };
}

export const SERVICE_SECRET_ENV: Record<SecretName, string> = {
  custobarToken: 'TILL_CUSTOBAR_TOKEN',
  benefitsToken: 'TILL_BENEFITS_TOKEN',
  // Service mode serves ingest on its own port with the API token; this is the Electron app's.
  ingestToken: 'TILL_INGEST_TOKEN',
  solteqClientSecret: 'TILL_SOLTEQ_CLIENT_SECRET',
  // The shared secret Custobar's marketing-permission webhook sends; without it the webhook is off.
  permissionsSecret: 'TILL_PERMISSIONS_SECRET',
  // The desktop app's /metrics token (service mode's /metrics takes the API token).
  metricsToken: 'TILL_METRICS_TOKEN',
  // Sent as a bearer token to the OpenTelemetry collector (fleet.otlpUrl), when it asks for one.
  otlpToken: 'TILL_OTLP_TOKEN',
  // The shared secret of Custobar's push campaigns (POST /webhooks/campaigns); also sent as a bearer
  // token to campaigns.pullUrl when set. Without it the webhook is off.
  campaignsSecret: 'TILL_CAMPAIGNS_SECRET',
};
