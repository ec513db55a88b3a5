import { z } from 'zod';

export const DiagnosticsExportInput = z.strictObject({ pin: z.string().max(32).optional() });
/** The absolute path of the zip just written under <data-dir>/diagnostics/ (redacted; see main/core/diagnostics). */
export const DiagnosticsExportResult = z.object({ path: z.string() });
