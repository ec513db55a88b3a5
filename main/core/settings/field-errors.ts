import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { ErrorCode } from '../../../preload/contract';
import { CompanionError } from '../common/errors';
import { isPlainObject } from './merge';

/**
 * One refused setting: its dotted path, a stable code the UI can word (zod's issue code, or the
 * schema's own code such as "https_required", "schedule", "managed") and an English message.
 */
export interface FieldProblem {
  path: string;
  code: string;
  message: string;
  /** too_small / too_big: the limit, and what it limits ("number", "string" = characters, "array"), for the UI's own words. */
  limit?: number;
  origin?: string;
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    const own = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
    const problem: FieldProblem = { path: issue.path.map(String).join('.'), code: typeof own === 'string' ? own : issue.code, message: issue.message };
    if (issue.code === 'too_small' || issue.code === 'too_big') {
      const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      if (Number.isFinite(limit)) Object.assign(problem, { limit, origin: issue.origin });
    }
    return problem;
  });
}

export function describeProblems(problems: readonly FieldProblem[]): string {
  return problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ');
}

/** The error `settings.update` answers with: the message names every field, details carry them. */
export function fieldError(problems: FieldProblem[], code: ErrorCode = 'invalid_input', message = describeProblems(problems)): CompanionError {
  return new CompanionError(code, message, { fields: problems });
}

/**
 * Paths in `value` that the template (the default settings) does not have. The schema would drop
 * them silently, so a typo in an update or in the IT policy would look applied while doing nothing.
 */
export function unknownPaths(value: unknown, template: unknown, prefix = ''): string[] {
  if (!isPlainObject(value) || !isPlainObject(template)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const at = prefix ? `${prefix}.${key}` : key;
    if (!Object.hasOwn(template, key)) return [at];
    return unknownPaths(child, template[key], at);
  });
}

/**
 * The POS inbox must be a folder this app can write into (finished files are moved to its
 * subfolders); checked when it is set, since a missing share would otherwise only show in the log.
 */
export function inboxProblem(dir: string): FieldProblem | null {
  const problem = (code: string, message: string): FieldProblem => ({ path: 'exports.inboxDir', code, message });
  if (dir === '') return null;
  if (!path.isAbsolute(dir)) return problem('folder_relative', `use a full path; "${dir}" is relative`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    return problem('folder_missing', `the folder ${dir} does not exist`);
  }
  if (!stat.isDirectory()) return problem('folder_not_directory', `${dir} is a file, not a folder`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    return problem('folder_not_writable', `this app cannot write to ${dir}`);
  }
  return null;
}
