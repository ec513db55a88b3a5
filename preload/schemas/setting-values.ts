import { Cron } from 'croner';
import { getCountries } from 'libphonenumber-js';
import { z } from 'zod';

/**
 * The checks of single setting values the settings schema (settings.ts) is built from, and that the
 * command line (main/service/args.ts) and the core reuse, so a value is refused in the same words
 * wherever it comes from: time zones, countries, addresses that may carry credentials, schedules,
 * Custobar field names, card patterns, collector addresses and campaign JSON paths.
 */

export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

// Country codes libphonenumber knows: the ISO 3166 alpha-2 regions phone numbers are normalised for.
export const COUNTRIES: ReadonlySet<string> = new Set<string>(getCountries());

/** 127.0.0.0/8, localhost and [::1]: plain http is safe only when the request never leaves this computer. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  // The URL parser has already turned every IPv4 spelling (0x7f.1, 2130706433, …) into dotted decimal.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Why an address cannot carry credentials, with a code the UI can word, or null when it can. */
export function serviceUrlProblem(value: string): { code: string; message: string } | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { code: 'url', message: 'a web address such as https://acme.custobar.com' };
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return null;
  return { code: 'https_required', message: 'use https:// (http:// only for this computer: 127.0.0.1, localhost or [::1])' };
}

/**
 * An address credentials are sent to: https, or http only to this computer (the simulator in demo
 * mode and tests), so a token never crosses a network in clear text. One custom check instead of a
 * union, so a refused address gets this message rather than a generic "invalid input".
 */
const serviceUrl = (optional: boolean) =>
  z.string().superRefine((value, ctx) => {
    if (optional && value === '') return;
    const problem = serviceUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: { code: problem.code } });
  });
export const ServiceUrl = serviceUrl(false);
export const OptionalServiceUrl = serviceUrl(true);

/** A Custobar field name, a company field (COMPANY__field) included. */
export const FieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*(__[A-Za-z0-9_]+)?$/, 'a Custobar field name');

export function isCardPattern(pattern: string): boolean {
  try {
    return new RegExp(pattern, 'u').source.includes('(?<card>');
  } catch {
    return false;
  }
}

/**
 * Why a schedule is unusable, or null: 5 or 6 fields that croner itself accepts (the scheduler is
 * croner, so a pattern it would throw on at start-up is refused here), and that fire at least once.
 */
export function scheduleProblem(spec: string): string | null {
  if (spec === 'continuous') return null;
  if (!/^(\S+\s+){4,5}\S+$/.test(spec)) return 'a cron expression of 5 or 6 fields such as "0 2 * * *", or "continuous"';
  let cron: Cron | null = null;
  try {
    cron = new Cron(spec, { paused: true });
    return cron.nextRun() === null ? 'this cron expression never runs' : null;
  } catch (error) {
    return `not a valid cron expression (${(error as Error).message.replace(/^CronPattern:\s*/, '')})`;
  } finally {
    cron?.stop();
  }
}

/** A cron expression (5 or 6 fields) or "continuous". */
export const Schedule = z
  .string()
  .trim()
  .superRefine((spec, ctx) => {
    const problem = scheduleProblem(spec);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { code: 'schedule' } });
  });

/** A poll schedule: a cron expression of 5 or 6 fields (6 = with seconds), or "off". */
export const PollSchedule = z
  .string()
  .trim()
  .superRefine((spec, ctx) => {
    if (spec === 'off') return;
    const problem = spec === 'continuous' ? 'a cron expression such as "*/15 * * * *", or "off"' : scheduleProblem(spec);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { code: 'schedule' } });
  });

/** An OpenTelemetry collector: http or https (it carries no credential, only metrics and redacted log lines). */
export const CollectorUrl = z.string().superRefine((value, ctx) => {
  if (value === '') return;
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    ctx.addIssue({ code: 'custom', message: 'a web address such as http://collector.store.lan:4318', params: { code: 'url' } });
  }
});

/**
 * Where a field is in a campaign body: "$" is the body (for items) or one item (for the others), then
 * ".name" or "[index]" steps, e.g. "$.data", "$.person.id", "$.contacts[0].phone". "" = the field is not sent.
 * main/core/common/json-path.ts reads the same grammar.
 */
export const JSON_PATH = /^\$(\.[A-Za-z_][A-Za-z0-9_-]*|\[\d{1,6}\])*$/;
export const JsonPath = z.string().trim().max(300).regex(JSON_PATH, 'a path such as $.person.id or $.items[0].message');
export const OptionalJsonPath = z.union([z.literal(''), JsonPath]);
