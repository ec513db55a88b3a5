import type { ErrorCode } from '../../../preload/contract';

/**
 * An error the UI should show as-is. Anything else thrown inside the core is reported to the UI as
 * 'internal' with a generic message (and logged), so stack traces and secrets never reach the screen.
 */
export class CompanionError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CompanionError';
  }
}
