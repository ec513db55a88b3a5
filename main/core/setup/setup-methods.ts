import type { CompanionApi, Profile } from '../../../preload/contract';
import { CompanionError } from '../common/errors';
import type { CoreContext } from '../context/context';

type SetupMethods = Pick<CompanionApi, 'setup.state' | 'setup.choose' | 'setup.connect' | 'setup.testConnection'>;

/** What the start-up lends the core for first run: which data set runs, and switching to another. */
export interface ProfilePort {
  current(): Profile;
  /** Restarts the application on the other data set, after the current call has been answered. */
  switchTo(profile: 'demo' | 'real'): void;
}

// PLACEHOLDER (being implemented): first-run methods.
export function setupMethods(_ctx: CoreContext, _requirePin: (pin: string | undefined) => void, profile: ProfilePort): SetupMethods {
  const todo = async (): Promise<never> => {
    throw new CompanionError('unavailable', 'not built yet');
  };
  return {
    'setup.state': async () => ({ profile: profile.current(), realConfigured: false }),
    'setup.choose': todo,
    'setup.connect': todo,
    'setup.testConnection': todo,
  };
}
