import { z } from 'zod';
import { Settings } from '../../../preload/schemas/settings';
import { SettingsUnreadableError } from './backend';
import { describeProblems, fieldProblems, unknownPaths } from './field-errors';
import { readJsonFile } from './file-backend';
import { deepMerge, leafPaths } from './merge';

/**
 * The machine-wide IT policy: `{"settings": <any part of the settings>}`. Every key it sets is
 * enforced and shown read-only as "managed by IT". It is all or nothing: a policy that does not
 * validate is ignored whole, because half a policy could be worse than none (an address enforced
 * without the scheme it needs, a schedule without its time zone).
 */
export type Policy =
  | { kind: 'none' }
  | { kind: 'valid'; file: string; settings: Record<string, unknown>; paths: string[] }
  | { kind: 'invalid'; file: string; reason: string };

const PolicyFile = z.strictObject({ settings: z.record(z.string(), z.unknown()) });

export function readPolicy(file: string | undefined, template: Settings): Policy {
  if (!file) return { kind: 'none' };
  let raw: unknown;
  try {
    raw = readJsonFile(file);
  } catch (error) {
    if (error instanceof SettingsUnreadableError) return { kind: 'invalid', file, reason: error.message };
    throw error;
  }
  // No file means this machine has no policy; an empty file is treated the same way by readJsonFile.
  if (raw === undefined) return { kind: 'none' };
  const shape = PolicyFile.safeParse(raw);
  if (!shape.success) return { kind: 'invalid', file, reason: 'the file must be {"settings": {…}} and nothing else' };
  const settings = shape.data.settings;
  // The manager section holds the PIN hash; credentials are not settings at all, so neither can be set here.
  if ('manager' in settings) return { kind: 'invalid', file, reason: 'settings.manager cannot be set by policy' };
  const unknown = unknownPaths(settings, template);
  if (unknown.length) return { kind: 'invalid', file, reason: `unknown settings: ${unknown.join(', ')}` };
  const paths = leafPaths(settings);
  const sections = paths.filter((p) => !p.includes('.'));
  if (sections.length) return { kind: 'invalid', file, reason: `these must be objects of settings: ${sections.join(', ')}` };
  const parsed = Settings.safeParse(deepMerge(template, settings));
  if (!parsed.success) return { kind: 'invalid', file, reason: describeProblems(fieldProblems(parsed.error)) };
  return { kind: 'valid', file, settings, paths };
}

