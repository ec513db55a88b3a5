import { z } from 'zod';
import { methods, type CompanionApi, type ContractResult, type ErrorCode, type MethodName } from '../../preload/contract';
import { CompanionError } from './common/errors';
import type { Logger } from './logging/logger';

export type Dispatch = (method: string, input: unknown) => Promise<ContractResult<unknown>>;

const fail = (code: ErrorCode, message: string, details?: unknown): ContractResult<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

function isMethod(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

/**
 * The single entry point both transports use: checks the method exists, validates the input
 * against the contract, runs it, validates the output, and turns every failure into the error
 * envelope. A bug or a malicious payload yields a clear error, never a crashed main process.
 */
export function createDispatch(api: CompanionApi, logger: Logger): Dispatch {
  return async (method, rawInput) => {
    if (!isMethod(method)) return fail('unknown_method', `Unknown method: ${String(method).slice(0, 80)}`);
    const spec = methods[method];
    const input = spec.input.safeParse(rawInput === undefined || rawInput === null ? {} : rawInput);
    if (!input.success) {
      return fail('invalid_input', z.prettifyError(input.error), input.error.issues);
    }
    try {
      const handler = api[method] as (input: unknown) => Promise<unknown>;
      const output = spec.output.safeParse(await handler(input.data));
      if (!output.success) {
        logger.error(`method ${method} returned a value outside the contract`, { issues: output.error.issues });
        return fail('internal', 'Till Companion produced an invalid answer; the details are in the log.');
      }
      return { ok: true, value: output.data };
    } catch (error) {
      if (error instanceof CompanionError) return fail(error.code, error.message, error.details);
      logger.error(`method ${method} failed`, { error });
      return fail('internal', 'Something went wrong inside Till Companion; the details are in the log.');
    }
  };
}

/** HTTP status for an error code, so service-mode clients and tools like curl see a meaningful status. */
export const httpStatusFor: Record<ErrorCode, number> = {
  invalid_input: 400,
  unknown_method: 404,
  forbidden: 403,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  timeout: 504,
  pin_required: 403,
  internal: 500,
};
