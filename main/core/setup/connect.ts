import type { z } from 'zod';
import { Settings } from '../../../preload/schemas/settings';
import type { SetupConnectInput, SetupFieldError } from '../../../preload/schemas/setup';
import { CompanionError } from '../common/errors';
import type { CoreContext } from '../context/context';
import { deepMerge, isPlainObject, leafPaths } from '../settings/merge';
import { hashPin } from '../settings/pin';
import { checkAddress } from './addresses';

export type ConnectInput = z.output<typeof SetupConnectInput>;

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
  if (custobarToken === '' && !ctx.secrets.has('custobarToken')) fail('custobar.token', 'required', 'Type the Custobar API token.');

  // The benefits service is optional: without an address the checkout shows customers only.
  let benefitsUrl = '';
  const benefitsToken = input.benefits.token.trim();
  if (input.benefits.baseUrl.trim() !== '') {
    const benefits = checkAddress(input.benefits.baseUrl, 'benefits service');
    if (!benefits.ok) fail('benefits.baseUrl', benefits.code, benefits.message);
    else benefitsUrl = benefits.url;
    if (benefitsToken === '' && !ctx.secrets.has('benefitsToken')) fail('benefits.token', 'required', 'Type the benefits service token.');
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
    const locked = error.message.startsWith('Too many');
    const field: SetupFieldError = { field: 'pin', code: locked ? 'pin_locked' : 'pin_wrong', message: locked ? error.message : 'This is not the manager PIN already set on this till.' };
    throw new CompanionError('pin_required', field.message, { fields: [field] });
  }
  return { newPinHash: null };
}

/**
 * Writes the plan: tokens first, then the settings in one write. If the settings write fails the
 * tokens are put back, so a failed connect leaves the till as it was.
 */
export function applyConnect(ctx: CoreContext, plan: ConnectPlan, newPinHash: string | null): void {
  const names = Object.keys(plan.secrets) as (keyof ConnectPlan['secrets'])[];
  const before = new Map(names.map((name) => [name, ctx.secrets.get(name)]));
  try {
    for (const name of names) ctx.secrets.set(name, plan.secrets[name]!);
    ctx.settings.update(newPinHash ? { ...plan.patch, manager: { pinHash: newPinHash } } : plan.patch);
  } catch (error) {
    for (const [name, value] of before) {
      try {
        ctx.secrets.set(name, value ?? '');
      } catch (restoreError) {
        ctx.logger.error(`setup: could not restore secret ${name}`, { error: restoreError });
      }
    }
    throw error;
  }
}
