import type { Settings } from '../../../preload/schemas/settings';
import { toZonedIso } from '../common/dates';
import { parsePath, resolvePath, type PathStep } from '../common/json-path';
import { toE164 } from '../common/phone';
import type { IncomingPrompt } from './prompt-store';

export type CampaignMapping = Settings['campaigns']['mapping'];

/** The longest message a prompt may carry, in characters: a line or two the cashier reads out. */
export const MAX_MESSAGE_CHARS = 500;
const MAX_CAMPAIGN_ID_CHARS = 100;
/** The customer id rule of Custobar uploads (an answer's event names the customer by it). */
const CUSTOMER_ID = /^[A-Za-z0-9-]{1,255}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/**
 * Control characters (C0 and C1), and the bidirectional embedding, override and isolate controls,
 * which can make a text read differently from what it holds. Tabs and line breaks become spaces.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const BREAKS = /[\t\n\r]+/g;

/** Plain text as it came, without control characters; never HTML-decoded or stripped of markup. */
export function cleanText(value: string): string {
  return value.replace(BREAKS, ' ').replace(CONTROL, '').trim();
}

export interface ItemError {
  /** Where the item was: "item 3". */
  position: string;
  errors: string[];
}

export interface ReadPrompts {
  received: number;
  prompts: { position: string; prompt: IncomingPrompt }[];
  errors: ItemError[];
}

export interface IntakeContext {
  defaultCountry: string;
  timeZone: string;
  now: number;
}

type Paths = { [K in keyof CampaignMapping]: { text: string; steps: PathStep[] | null } };

function pathsOf(mapping: CampaignMapping): Paths {
  const entries = Object.entries(mapping).map(([k, text]) => [k, { text, steps: text === '' ? null : parsePath(text) }]);
  return Object.fromEntries(entries) as Paths;
}

/**
 * A campaign body (webhook or pull) → the prompts in it, read through the mapping setting. A body
 * without a list where the mapping says is refused as a whole (a sentence why); each bad item is
 * refused on its own, with what is wrong, and the others are kept.
 */
export function readCampaignBody(body: unknown, mapping: CampaignMapping, ctx: IntakeContext): ReadPrompts | { problem: string } {
  const paths = pathsOf(mapping);
  const list = paths.items.steps ? resolvePath(body, paths.items.steps) : undefined;
  // The default shape also comes as a bare list, as Custobar's webhooks send either.
  const items = Array.isArray(list) ? list : Array.isArray(body) && paths.items.text === '$.items' ? body : null;
  if (!items) {
    return { problem: `Expected a JSON body with the list of prompts at ${paths.items.text} (the setting campaigns.mapping.items says where the list is).` };
  }
  const result: ReadPrompts = { received: items.length, prompts: [], errors: [] };
  items.forEach((item, i) => {
    const position = `item ${i}`;
    const read = readItem(item, paths, ctx);
    if ('errors' in read) result.errors.push({ position, errors: read.errors });
    else result.prompts.push({ position, prompt: read });
  });
  return result;
}

const textOf = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
const absent = (v: unknown): boolean => v === undefined || v === null || v === '';

function readItem(item: unknown, paths: Paths, ctx: IntakeContext): IncomingPrompt | { errors: string[] } {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return { errors: ['is not a JSON object'] };
  const errors: string[] = [];
  const at = (key: keyof Paths): unknown => (paths[key].steps ? resolvePath(item, paths[key].steps) : undefined);
  const where = (key: keyof Paths) => `(at ${paths[key].text})`;

  const rawCampaign = at('campaignId');
  const campaign = textOf(rawCampaign);
  const campaignId = campaign === null ? null : cleanText(campaign);
  if (absent(rawCampaign)) errors.push(`campaign_id is missing ${where('campaignId')}`);
  else if (!campaignId || [...campaignId].length > MAX_CAMPAIGN_ID_CHARS) errors.push(`campaign_id must be text or a number of 1 to ${MAX_CAMPAIGN_ID_CHARS} characters ${where('campaignId')}`);

  const rawMessage = at('message');
  const message = typeof rawMessage === 'string' ? cleanText(rawMessage) : null;
  if (absent(rawMessage)) errors.push(`message is missing ${where('message')}`);
  else if (message === null) errors.push(`message must be text ${where('message')}`);
  else if (message === '') errors.push('message has no text once control characters are removed');
  else if ([...message].length > MAX_MESSAGE_CHARS) errors.push(`message is ${[...message].length} characters long; at most ${MAX_MESSAGE_CHARS} are shown at the till`);

  let externalId: string | null = null;
  let phone: string | null = null;
  let email: string | null = null;
  const rawId = at('externalId');
  if (!absent(rawId)) {
    const id = textOf(rawId)?.trim() ?? '';
    if (CUSTOMER_ID.test(id)) externalId = id;
    else errors.push(`the customer's external_id must be letters, digits or dashes ${where('externalId')}`);
  }
  const rawPhone = at('phoneNumber');
  if (!absent(rawPhone)) {
    const text = textOf(rawPhone);
    phone = text ? toE164(text, ctx.defaultCountry) : null;
    if (!phone) errors.push(`the customer's phone_number "${String(text ?? '').slice(0, 30)}" is not a valid phone number ${where('phoneNumber')}`);
  }
  const rawEmail = at('email');
  if (!absent(rawEmail)) {
    const text = typeof rawEmail === 'string' ? rawEmail.trim().toLowerCase() : '';
    if (EMAIL.test(text) && text.length <= 254) email = text;
    else errors.push(`the customer's email is not an e-mail address ${where('email')}`);
  }
  if (absent(rawId) && absent(rawPhone) && absent(rawEmail)) {
    const named = (['externalId', 'phoneNumber', 'email'] as const).filter((k) => paths[k].steps).map((k) => paths[k].text);
    errors.push(`no customer: give the customer's external_id, phone_number or email (at ${named.join(', ')})`);
  }

  const rawValid = at('validUntil');
  let validUntil: number | null = null;
  if (!absent(rawValid)) {
    const until = untilOf(rawValid, ctx.timeZone);
    if (until === null) errors.push(`valid_until must be a date such as 2026-12-31 or a date-time such as 2026-12-31T18:00:00+02:00 ${where('validUntil')}`);
    else if (until <= ctx.now) errors.push('valid_until is already past');
    else validUntil = until;
  }

  if (errors.length > 0) return { errors };
  return { campaignId: campaignId!, message: message!, validUntil, externalId, phone, email };
}

/** A date means "to the end of that day" in the store's time zone; a date-time without a zone is store time. */
function untilOf(value: unknown, timeZone: string): number | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) {
    const day = new Date(Date.UTC(+date[1]!, +date[2]! - 1, +date[3]!));
    if (day.getUTCMonth() !== +date[2]! - 1) return null;
    const next = new Date(day.getTime() + 86_400_000).toISOString().slice(0, 10);
    const midnight = toZonedIso(`${next} 00:00`, timeZone);
    return midnight.ok ? Date.parse(midnight.value) : null;
  }
  const zoned = toZonedIso(text, timeZone);
  return zoned.ok ? Date.parse(zoned.value) : null;
}
