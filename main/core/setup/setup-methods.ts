import type { CompanionApi, Profile, SetupState } from '../../../preload/contract';
import { CompanionError } from '../common/errors';
import { storedTokenFor } from './connect';
import type { CoreContext } from '../context/context';
import { applyConnect, checkSetupPin, planConnect } from './connect';
import { DEFAULT_TEST_TIMEOUT_MS, testBenefits, testCustobar } from './connection-test';

type SetupMethods = Pick<CompanionApi, 'setup.state' | 'setup.choose' | 'setup.connect' | 'setup.testConnection'>;

/** What the start-up lends the core for first run: which data set runs, and switching to another. */
export interface ProfilePort {
  current(): Profile;
  /** Restarts the application on the other data set, after the current call has been answered. */
  switchTo(profile: 'demo' | 'real'): void;
}

export interface SetupOptions {
  /** Tells connected UIs the settings changed (the `settings` event with a fresh view). */
  settingsChanged?: () => void | Promise<void>;
  /** "Test connection" waits at most this long per service. */
  testTimeoutMs?: number;
}

/**
 * The store's configuration is complete enough to run: a Custobar address and a token. It is known
 * only while the store's data set is loaded; in the demo the loaded settings point at the simulator,
 * so the answer there is false ("not known"), and the UI reads setup.state again after leaving.
 */
function storeConfigured(ctx: CoreContext, profile: Profile): boolean {
  return profile !== 'demo' && ctx.settings.get().custobar.baseUrl !== '' && ctx.secrets.has('custobarToken');
}

/**
 * First run: try the demo, or connect the store's own data set to Custobar. The data-set switch
 * itself belongs to the start-up (ProfilePort); these methods decide when to ask for it.
 */
export function setupMethods(ctx: CoreContext, requirePin: (pin: string | undefined) => void, profile: ProfilePort, options: SetupOptions = {}): SetupMethods {
  const state = (): SetupState => {
    const current = profile.current();
    return { profile: current, realConfigured: storeConfigured(ctx, current) };
  };
  /**
   * A token left empty on the screen means "the one already stored" — never the demo's, and only
   * for the origin it was given for: otherwise typing another address would send it there.
   */
  const storedToken = (name: 'custobarToken' | 'benefitsToken', typedUrl: string): string =>
    profile.current() === 'demo' ? '' : (storedTokenFor(ctx, name, typedUrl) ?? '');
  const timeoutMs = options.testTimeoutMs ?? DEFAULT_TEST_TIMEOUT_MS;

  return {
    'setup.state': async () => state(),

    'setup.choose': async ({ profile: target, pin }) => {
      const current = profile.current();
      if (current === target) return state();
      // A working till is not switched to sample data without the manager.
      if (target === 'demo' && storeConfigured(ctx, current)) requirePin(pin);
      ctx.logger.info(`setup: switching from ${current} to the ${target === 'demo' ? 'demo' : "store's"} data set`);
      profile.switchTo(target);
      // From 'none' the store's data set is already loaded, so its state is known; from the demo it is
      // not (see storeConfigured) and the UI reads it again once the switch is done.
      return { profile: target, realConfigured: target === 'real' && storeConfigured(ctx, current) };
    },

    'setup.connect': async (input) => {
      const current = profile.current();
      if (current === 'demo') {
        throw new CompanionError('conflict', "Leave the demo first: the connection is saved in the store's own data, not the demo's.", { reasonCode: 'leave_demo_first' });
      }
      const plan = planConnect(ctx, input);
      const { newPinHash } = checkSetupPin(ctx, requirePin, input.pin);
      applyConnect(ctx, plan, newPinHash);
      ctx.logger.info(`setup: connected to Custobar at ${ctx.settings.get().custobar.baseUrl}`);
      await options.settingsChanged?.();
      if (current === 'none') profile.switchTo('real');
      return { profile: 'real', realConfigured: storeConfigured(ctx, 'real') };
    },

    'setup.testConnection': async ({ custobar, benefits }) => {
      const [custobarCheck, benefitsCheck] = await Promise.all([
        testCustobar({ ...custobar, token: custobar.token.trim() || storedToken('custobarToken', custobar.baseUrl) }, timeoutMs),
        benefits ? testBenefits({ baseUrl: benefits.baseUrl, token: benefits.token.trim() || storedToken('benefitsToken', benefits.baseUrl) }, timeoutMs) : null,
      ]);
      ctx.logger.info(`setup: connection test custobar=${custobarCheck.code} benefits=${benefitsCheck?.code ?? 'skipped'}`);
      return { custobar: custobarCheck, benefits: benefitsCheck };
    },
  };
}
