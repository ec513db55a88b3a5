import { z } from 'zod';

/**
 * First run: which data set the app runs on. 'none' = nothing chosen yet (the setup screen shows),
 * 'demo' = the demo's own database and settings with the simulator, 'real' = the store's.
 */
export const Profile = z.enum(['none', 'demo', 'real']);
export type Profile = z.infer<typeof Profile>;

export const SetupState = z.object({
  profile: Profile,
  /** The store's own configuration has a Custobar address and token. */
  realConfigured: z.boolean(),
});
export type SetupState = z.infer<typeof SetupState>;

/** "Try the demo", or back to the store's own data set (the setup screen shows if it is not configured). */
export const SetupChooseInput = z.strictObject({
  profile: z.enum(['demo', 'real']),
  /** Only for the demo while the store's own data set is configured and a PIN is set: a working till is not switched to the demo by anyone. */
  pin: z.string().max(32).optional(),
});

/**
 * What "Connect to Custobar" asks for. The PIN is required for a real connection. An empty token
 * keeps the one already stored (e.g. TILL_CUSTOBAR_TOKEN in service mode); with none stored the core
 * refuses it at its field.
 */
export const SetupConnectInput = z.strictObject({
  custobar: z.strictObject({ baseUrl: z.string().max(500), authScheme: z.enum(['Token', 'Bearer']), token: z.string().max(4096) }),
  benefits: z.strictObject({ baseUrl: z.string().max(500), token: z.string().max(4096) }),
  customers: z.strictObject({ source: z.enum(['custobar', 'solteq', 'cache']) }),
  general: z.strictObject({ shopId: z.string().max(64), tillId: z.string().max(64) }),
  pin: z.string().regex(/^\d{4,8}$/, 'The PIN is 4 to 8 digits'),
});

/** "Test connection": one real read of each service, with the values typed so far. */
export const SetupTestInput = z.strictObject({
  custobar: z.strictObject({ baseUrl: z.string().max(500), authScheme: z.enum(['Token', 'Bearer']), token: z.string().max(4096) }),
  benefits: z.strictObject({ baseUrl: z.string().max(500), token: z.string().max(4096) }).optional(),
});

/** One service's answer, as a code the UI words in the manager's language, with a fallback message. */
export const ServiceCheck = z.object({
  ok: z.boolean(),
  code: z.enum(['ok', 'not_configured', 'invalid_address', 'unreachable', 'timeout', 'unauthorized', 'not_found', 'unexpected']),
  message: z.string(),
  /** HTTP status when the service answered. */
  status: z.number().int().nullable(),
});
export type ServiceCheck = z.infer<typeof ServiceCheck>;
export const SetupTestResult = z.object({ custobar: ServiceCheck, benefits: ServiceCheck.nullable() });
export type SetupTestResult = z.infer<typeof SetupTestResult>;

/**
 * Why `setup.connect` refused a field. It travels as the error's `details.fields`, so the UI puts
 * each message at its field and words it from the code in the manager's language.
 */
export const SetupFieldError = z.object({
  /** The input path, e.g. 'custobar.baseUrl', 'benefits.token', 'pin'. */
  field: z.string(),
  code: z.enum(['required', 'invalid_address', 'https_required', 'locked', 'invalid', 'pin_wrong', 'pin_locked']),
  message: z.string(),
});
export type SetupFieldError = z.infer<typeof SetupFieldError>;
