import type { z } from 'zod';
import { Settings } from '../../../preload/schemas/settings';
import type { SetupConnectInput, SetupFieldError } from '../../../preload/schemas/setup';
import { CompanionError } from '../common/errors';
import type { CoreContext } from '../context/context';
import { deepMerge, isPlainObject, leafPaths } from '../settings/merge';
import { hashPin } from '../settings/pin';
import { originOf, secretOrigin } from '../settings/secret-origins';
import { checkAddress } from './addresses';

export type ConnectInput = z.output<typeof SetupConnectInput>;

/**
 * The token already stored for `name`, if it belongs to the origin of the address typed (a stored
 * token is bound to the origin it was given for and must never be sent anywhere else).
 */
export function storedTokenFor(ctx: CoreContext, name: 'custobarToken' | 'benefitsToken', typedUrl: string): string | undefined {
  const typed = checkAddress(typedUrl, name, { stripApi: name === 'custobarToken' });
  if (!typed.ok) return undefined;
  // With no address saved yet, a token given earlier (e.g. from the environment) belongs to the
  // first address set, as everywhere else; once an address is saved, only to that address's origin.
  const current = secretOrigin(ctx.settings.get(), name);
  if (current !== '' && originOf(typed.url) !== current) return undefined;
  return ctx.secrets.get(name);
}

/** Everything `setup.connect` will write, worked out before anything is written. */
export interface ConnectPlan {
  patch: Record<string, unknown>;
  secrets: { custobarToken?: string; benefitsToken?: string };
}

const readPath = (obj: unknown, path: string): unknown => path.split('.').reduce<unknown>((node, key) => (isPlainObject(node) ? node[key] : undefined), obj);

function removePath(obj: Record<string, unknown>, path: string): void {
  const keys = path.split('.');
  const parent = readPath(obj, keys.slice(0, -1).join('.'));
  if (isPlainObject(parent)) delete parent[keys.at(-1)!];
}

/**
 * Validates every field and returns the plan, or throws one 'invalid_input' error listing every
 * field at fault (details.fields), so the screen marks them all at once and nothing is half-applied.
 */
export function planConnect(ctx: CoreContext, input: ConnectInput): ConnectPlan {
  const errors: SetupFieldError[] = [];
  const fail = (field: string, code: SetupFieldError['code'], message: string): void => void errors.push({ field, code, message });

  const custobar = checkAddress(input.custobar.baseUrl, 'Custobar', { stripApi: true });
  if (!custobar.ok) fail('custobar.baseUrl', custobar.code, custobar.message);
  const custobarToken = input.custobar.token.trim();
  if (custobarToken === '' && !storedTokenFor(ctx, 'custobarToken', input.custobar.baseUrl)) fail('custobar.token', 'required', 'Type the Custobar API token.');

  // The benefits service is optional: without an address the checkout shows customers only.
  let benefitsUrl = '';
  const benefitsToken = input.benefits.token.trim();
  if (input.benefits.baseUrl.trim() !== '') {
    const benefits = checkAddress(input.benefits.baseUrl, 'benefits service');
    if (!benefits.ok) fail('benefits.baseUrl', benefits.code, benefits.message);
    else benefitsUrl = benefits.url;
    if (benefitsToken === '' && !storedTokenFor(ctx, 'benefitsToken', input.benefits.baseUrl)) fail('benefits.token', 'required', 'Type the benefits service token.');
  }

  const shopId = input.general.shopId.trim();
  if (shopId === '') fail('general.shopId', 'required', 'Type the shop id.');

  const patch: Record<string, unknown> = {
    custobar: { baseUrl: custobar.ok ? custobar.url : '', authScheme: input.custobar.authScheme },
    benefits: { baseUrl: benefitsUrl },
    customers: { source: input.customers.source },
    general: { shopId, tillId: input.general.tillId.trim() },
  };

  // A value fixed by the command line (or the IT policy) cannot be saved; the same value is simply kept.
  const current = ctx.settings.get();
  for (const path of leafPaths(patch)) {
    if (!ctx.settings.locked.some((l) => path === l || path.startsWith(`${l}.`))) continue;
    if (readPath(current, path) === readPath(patch, path)) removePath(patch, path);
    else fail(path, 'locked', `This setting is fixed (command line or IT policy) to "${String(readPath(current, path))}".`);
  }

  if (errors.length === 0) {
    // The same schema the settings service applies, so the write below cannot be refused halfway.
    const parsed = Settings.safeParse(deepMerge(current, patch));
    if (!parsed.success) for (const issue of parsed.error.issues) fail(issue.path.join('.'), 'invalid', issue.message);
  }
  if (ctx.secrets.readOnlyReason) throw new CompanionError('unavailable', ctx.secrets.readOnlyReason);
  if (errors.length > 0) {
    throw new CompanionError('invalid_input', errors.map((e) => e.message).join(' '), { fields: errors });
  }
  return {
    patch,
    secrets: {
      ...(custobarToken ? { custobarToken } : {}),
      ...(benefitsUrl && benefitsToken ? { benefitsToken } : {}),
    },
  };
}

/**
 * The PIN: with one set, the one typed must match it (the shared check, so wrong guesses count
 * towards the same lock-out as everywhere else); with none yet, the one typed becomes it.
 */
export function checkSetupPin(ctx: CoreContext, requirePin: (pin: string | undefined) => void, pin: string): { newPinHash: string | null } {
  if (ctx.settings.get().manager.pinHash === '') return { newPinHash: hashPin(pin) };
  try {
    requirePin(pin);
  } catch (error) {
    if (!(error instanceof CompanionError)) throw error;
    const locked = (error.details as { reasonCode?: unknown } | undefined)?.reasonCode === 'pin_locked';
    const field: SetupFieldError = { field: 'pin', code: locked ? 'pin_locked' : 'pin_wrong', message: locked ? error.message : 'This is not the manager PIN already set on this till.' };
    throw new CompanionError('pin_required', field.message, { fields: [field] });
  }
  return { newPinHash: null };
}

/**
 * Writes the plan: the settings first, then the tokens, so each token is bound to the origin of the
 * address it is given with. If a token cannot be stored, the settings are put back, so a failed
 * connect leaves the till as it was.
 */
export function applyConnect(ctx: CoreContext, plan: ConnectPlan, newPinHash: string | null): void {
  const patch = newPinHash ? { ...plan.patch, manager: { pinHash: newPinHash } } : plan.patch;
  const previous = ctx.settings.get();
  const undo = Object.fromEntries(leafPaths(patch).map((path) => [path, readPath(previous, path)]));
  ctx.settings.update(patch);
  try {
    for (const name of Object.keys(plan.secrets) as (keyof ConnectPlan['secrets'])[]) ctx.secrets.set(name, plan.secrets[name]!);
  } catch (error) {
    try {
      ctx.settings.update(unflatten(undo));
    } catch (restoreError) {
      ctx.logger.error('setup: could not put the settings back', { error: restoreError });
    }
    throw error;
  }
}

/** {"a.b": 1} → {a: {b: 1}}, for putting patched leaves back. */
function unflatten(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(flat)) {
    const keys = path.split('.');
    let node = out;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys.at(-1)!] = value;
  }
  return out;
}
