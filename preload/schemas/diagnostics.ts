import { z } from 'zod';

export const DiagnosticsExportInput = z.strictObject({ pin: z.string().max(32).optional() });
/** The zip written under <data-dir>/diagnostics/. */
export const DiagnosticsExportResult = z.object({ path: z.string() });
