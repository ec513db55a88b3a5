import type { CompanionApi } from '../../../preload/contract';
import { CompanionError } from '../common/errors';
import type { CoreContext } from '../context/context';

type DiagnosticsMethods = Pick<CompanionApi, 'diagnostics.export'>;

// PLACEHOLDER (being implemented): the support zip.
export function diagnosticsMethods(_ctx: CoreContext, _requirePin: (pin: string | undefined) => void, _sources: DiagnosticsSources): DiagnosticsMethods {
  return {
    'diagnostics.export': async () => {
      throw new CompanionError('unavailable', 'not built yet');
    },
  };
}

/** What the zip is made of, read at the moment of the export. */
export interface DiagnosticsSources {
  status: () => Promise<unknown>;
  outboxCounts: () => unknown;
  deadLetters: () => unknown;
}
