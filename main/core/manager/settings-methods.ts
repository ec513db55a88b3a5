import type { CompanionApi, SettingsView } from '../../../preload/contract';
import { SecretName } from '../../../preload/schemas/settings';
import type { CoreContext } from '../context/context';
import { CompanionError } from '../common/errors';
import { hashPin, PinGuard, verifyPin } from '../settings/pin';

type SettingsMethods = Pick<
  CompanionApi,
  'settings.get' | 'settings.update' | 'secrets.set' | 'manager.setPin' | 'manager.checkPin'
>;

export function settingsView(ctx: CoreContext): SettingsView {
  const { manager: _manager, ...settings } = ctx.settings.get();
  return {
    settings,
    pinSet: ctx.settings.get().manager.pinHash !== '',
    secrets: Object.fromEntries(SecretName.options.map((n) => [n, ctx.secrets.has(n)])) as SettingsView['secrets'],
    locked: ctx.settings.locked,
    managed: ctx.settings.managed,
  };
}

/**
 * Settings and secrets change only with the manager PIN once one is set. The check lives in the core,
 * not the UI, so it holds for both transports.
 */
export function createPinCheck(ctx: CoreContext, guard = new PinGuard()) {
  return (pin: string | undefined): void => {
    const stored = ctx.settings.get().manager.pinHash;
    if (!stored) return;
    const lockedMs = guard.lockedForMs();
    if (lockedMs > 0) {
      const seconds = Math.ceil(lockedMs / 1000);
      // The reason by code too (details.reasonCode), so the UI can say it in the manager's language.
      throw new CompanionError('pin_required', `Too many wrong PINs. Try again in ${seconds} s.`, { reasonCode: 'pin_locked', params: { seconds } });
    }
    if (pin === undefined) throw new CompanionError('pin_required', 'Manager PIN required.', { reasonCode: 'pin_missing' });
    const ok = verifyPin(pin, stored);
    guard.record(ok);
    if (!ok) throw new CompanionError('pin_required', 'Wrong manager PIN.', { reasonCode: 'pin_wrong' });
  };
}

export function settingsMethods(ctx: CoreContext, requirePin: (pin: string | undefined) => void): SettingsMethods {
  const publish = (): SettingsView => {
    const view = settingsView(ctx);
    ctx.events.emit('settings', view);
    return view;
  };
  return {
    'settings.get': async () => settingsView(ctx),
    'settings.update': async ({ patch, pin }) => {
      requirePin(pin);
      if ('manager' in patch) throw new CompanionError('invalid_input', 'Change the PIN with manager.setPin.');
      ctx.settings.update(patch);
      return publish();
    },
    'secrets.set': async ({ name, value, pin }) => {
      requirePin(pin);
      if (ctx.secrets.readOnlyReason) throw new CompanionError('unavailable', ctx.secrets.readOnlyReason);
      ctx.secrets.set(name, value);
      ctx.logger.info(`secret ${name} ${value ? 'updated' : 'removed'}`);
      return publish();
    },
    'manager.setPin': async ({ currentPin, newPin }) => {
      requirePin(currentPin);
      ctx.settings.update({ manager: { pinHash: hashPin(newPin) } });
      publish();
      return { ok: true as const };
    },
    'manager.checkPin': async ({ pin }) => {
      try {
        requirePin(pin);
        return { valid: true };
      } catch (error) {
        if (error instanceof CompanionError && error.message.startsWith('Too many')) throw error;
        return { valid: false };
      }
    },
  };
}
