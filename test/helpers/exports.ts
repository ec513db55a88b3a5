import type { Companion } from '../../main/core/companion';
import { createEnvSecretStore, SERVICE_SECRET_ENV } from '../../main/core/secrets/secret-store';
import type { Simulator } from '../../main/simulator/server';
import { makeCompanion } from './companion';
import { waitFor } from './pty';
import { tempDir } from './service-process';

/** A companion pointed at a simulator, every type sent continuously, with short retries for tests. */
export async function companionFor(sim: Simulator, settings: Record<string, unknown> = {}, dataDir = tempDir()): Promise<Companion> {
  return makeCompanion(
    {
      overrides: {
        custobar: { baseUrl: sim.url, requestsPerMinute: 6000, timeoutMs: 2000 },
        exports: { schedules: { customers: 'continuous', products: 'continuous', sales: 'continuous', shops: 'continuous', events: 'continuous' } },
        ...settings,
      },
    },
    dataDir,
    {
      secrets: createEnvSecretStore({ TILL_CUSTOBAR_TOKEN: sim.token }, SERVICE_SECRET_ENV),
      exports: { retry: { initialMs: 50, maxMs: 400, jitter: 0.5 } },
    },
  );
}

export async function drained(companion: Companion, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    () => companion.exports.status().types.every((t) => t.pending === 0 && t.inFlight === 0),
    timeoutMs,
    'the outbox to drain',
  );
}
