import { z } from 'zod';

/** Methods that take no arguments still validate their input: anything but {} is a caller bug. */
export const Empty = z.strictObject({});

/** Values a coded text names (a status code, a limit, a service's own words), for the UI's own words. */
export const TextParams = z.record(z.string(), z.union([z.string(), z.number()]));
export type TextParams = z.infer<typeof TextParams>;

export const Warning = z.object({
  code: z.string(),
  message: z.string(),
  at: z.string(),
  /** Values for the UI's own words for this code (sizes in …Bytes, a text variant); the English message stays. */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type Warning = z.infer<typeof Warning>;

/**
 * Every error that crosses the contract has a stable code the UI can translate and a message a
 * person can read. Transports never throw across the boundary; they return this envelope.
 */
export const ErrorCode = z.enum([
  'invalid_input',
  'unknown_method',
  'forbidden',
  'unauthorized',
  'not_found',
  'conflict',
  'unavailable',
  'timeout',
  'pin_required',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ContractErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ContractErrorShape = z.infer<typeof ContractErrorShape>;

export type ContractResult<T> = { ok: true; value: T } | { ok: false; error: ContractErrorShape };
