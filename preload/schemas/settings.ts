import { z } from 'zod';

/**
 * The one settings schema. Every field has a default so a missing or partial file still yields a
 * working configuration; `prefault({})` lets a missing section be filled from its own defaults.
 */
export const Language = z.enum(['en', 'fi', 'sv']);
export type Language = z.infer<typeof Language>;

const GeneralSettings = z.object({
  language: Language.default('en'),
  alwaysOnTop: z.boolean().default(false),
  /** Shop id sent with redemptions and as the default `sale_shop_id`. */
  shopId: z.string().max(64).default('STORE-1'),
  /** Empty means "use this machine's host name", so a fresh install already has a unique till id. */
  tillId: z.string().max(64).default(''),
  storeTimeZone: z.string().min(1).default('Europe/Helsinki'),
  defaultCountry: z.string().length(2).default('FI'),
});

const CustobarSettings = z.object({
  /** The tenant's address, e.g. https://acme.custobar.com; the app adds /api/… itself. Empty = not configured. */
  baseUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  authScheme: z.enum(['Token', 'Bearer']).default('Token'),
  timeoutMs: z.number().int().min(1000).max(120000).default(15000),
  requestsPerMinute: z.number().int().min(1).max(6000).default(180),
});

const BenefitsSettings = z.object({
  baseUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  timeoutMs: z.number().int().min(500).max(60000).default(5000),
});

const ManagerSettings = z.object({
  /** scrypt hash "salt:hash" in hex; empty = no PIN set yet (first run). */
  pinHash: z.string().default(''),
});

export const Settings = z.object({
  general: GeneralSettings.prefault({}),
  custobar: CustobarSettings.prefault({}),
  benefits: BenefitsSettings.prefault({}),
  manager: ManagerSettings.prefault({}),
});
export type Settings = z.infer<typeof Settings>;

export type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
export type SettingsPatch = DeepPartial<Omit<Settings, 'manager'>>;

/** Names of the secrets kept in secure storage (never in the settings file). */
export const SecretName = z.enum(['custobarToken', 'benefitsToken']);
export type SecretName = z.infer<typeof SecretName>;

/** What the UI sees: settings (PIN hash removed), which secrets are set, and what is pinned by the command line. */
export const SettingsView = z.object({
  settings: Settings.omit({ manager: true }),
  pinSet: z.boolean(),
  secrets: z.record(SecretName, z.boolean()),
  /** Dotted paths fixed by command-line flags or demo mode; the UI shows them read-only. */
  locked: z.array(z.string()),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const SettingsUpdateInput = z.strictObject({
  patch: z.record(z.string(), z.unknown()),
  pin: z.string().max(32).optional(),
});

export const SecretsUpdateInput = z.strictObject({
  name: SecretName,
  /** Empty string removes the secret. */
  value: z.string().max(4096),
  pin: z.string().max(32).optional(),
});

export const PinUpdateInput = z.strictObject({
  currentPin: z.string().max(32).optional(),
  newPin: z.string().regex(/^\d{4,8}$/, 'The PIN is 4 to 8 digits'),
});

export const PinCheckInput = z.strictObject({ pin: z.string().max(32) });
