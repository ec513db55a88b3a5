import type { Companion, CompanionPorts } from '../../main/core/companion';
import type { CheckoutState } from '../../preload/contract';
import { createEnvSecretStore, SERVICE_SECRET_ENV } from '../../main/core/secrets/secret-store';
import type { Simulator } from '../../main/simulator/server';
import { makeCompanion } from './companion';
import { waitFor } from './pty';
import { tempDir } from './service-process';

/**
 * A companion whose customers and benefits come from the simulator; redemption retries are quick.
 * `extra.env` adds secrets (e.g. a webhook's shared secret); the rest of `extra` are further ports.
 */
export async function checkoutCompanion(
  sim: Simulator,
  settings: Record<string, unknown> = {},
  dataDir = tempDir(),
  tillId = 'TILL-1',
  extra: { env?: Record<string, string> } & Partial<CompanionPorts> = {},
): Promise<Companion> {
  const { env = {}, ...ports } = extra;
  return makeCompanion(
    {
      overrides: {
        general: { tillId, shopId: 'SHOP-9' },
        custobar: { baseUrl: sim.url, requestsPerMinute: 6000 },
        benefits: { baseUrl: sim.url, timeoutMs: 1000 },
        exports: { schedules: { customers: 'continuous', products: 'continuous', sales: 'continuous', shops: 'continuous', events: 'continuous' } },
        ...settings,
      },
    },
    dataDir,
    { secrets: createEnvSecretStore({ TILL_CUSTOBAR_TOKEN: sim.token, TILL_BENEFITS_TOKEN: sim.benefitsToken, ...env }, SERVICE_SECRET_ENV), ...ports },
  );
}

/** Scans a card (as typed) and waits until the checkout has settled for it. */
export async function scanCard(companion: Companion, card: string): Promise<CheckoutState> {
  await companion.api['scans.submit']({ source: 'manual', raw: card });
  const settled = () => {
    const s = companion.checkout.checkout.get();
    return s.cardId === card && s.customerState !== 'loading' && s.benefitsState !== 'loading';
  };
  await waitFor(settled, 10_000, `checkout of ${card}`).catch((error: Error) => {
    throw new Error(`${error.message}: ${JSON.stringify(companion.checkout.checkout.get())}`);
  });
  return companion.checkout.checkout.get();
}
