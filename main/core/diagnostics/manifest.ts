/**
 * manifest.json: what support reads first — which build and mode made the zip, when, what is in it,
 * what was cut to keep it small and what could not be read.
 */
import type { CoreContext } from '../context/context';
import type { Collected, Limits } from './collect';

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function cuts(collected: Collected, limits: Limits): string[] {
  const out: string[] = [];
  for (const part of collected.logs.parts) {
    if (part.cut) out.push(`logs/${part.name}: only the last ${mb(part.includedBytes)} of ${mb(part.sizeBytes)}`);
  }
  for (const name of collected.logs.omitted) out.push(`logs/${name}: left out, the log budget of ${mb(limits.logBudgetBytes)} was spent on newer lines`);
  const dead = collected.deadLetters;
  if (dead && dead.included < dead.total) out.push(`dead-letters.json: the newest ${dead.included} of ${dead.total} dead letters`);
  return out;
}

export function manifest(ctx: CoreContext, createdAt: Date, collected: Collected, files: Map<string, string>, limits: Limits): unknown {
  const { shopId, tillId } = ctx.ids();
  return {
    app: { name: 'Till Companion', version: ctx.config.version, mode: ctx.config.mode, demo: ctx.config.demo, platform: ctx.config.platform },
    createdAt: createdAt.toISOString(),
    shopId,
    tillId,
    files: [...files].map(([file, text]) => ({ file, bytes: Buffer.byteLength(text) })),
    cut: cuts(collected, limits),
    missing: collected.missing,
    logs: {
      budgetBytes: limits.logBudgetBytes,
      files: collected.logs.parts.map(({ name, ...part }) => ({ file: `logs/${name}`, ...part })),
      omitted: collected.logs.omitted.map((name) => `logs/${name}`),
      linesNotJson: collected.logs.linesNotJson,
    },
    deadLetters: collected.deadLetters,
    redaction: [
      "credentials (fields named like token, authorization, secret, password or PIN; Bearer, Token and Basic credentials and token query parameters in text; the till's own secrets wherever they occur): [redacted]",
      'phone numbers and e-mail addresses, by field and wherever they occur in text: masked (last three digits; first letter and domain)',
      'names and other personal customer fields (first_name, last_name, name, company, street_address, zip_code, birth_date, …): [removed], and every word of those names wherever else it occurs',
      'settings: secrets only as set or not set; neither the PIN nor its hash',
    ],
  };
}
