import { randomBytes } from 'node:crypto';
import type { SecretName } from '../../preload/contract';
import { startSimulator, type Simulator } from './server';

export { demoPromptBody } from './seed';

export interface DemoSetup {
  simulator: Simulator;
  /** Settings forced while the demo runs (never persisted). */
  overrides: Record<string, unknown>;
  secrets: Partial<Record<SecretName, string>>;
}

/** How often, in the demo, a customer's marketing permission changes "in Custobar" and is pushed to the app. */
export const DEMO_CHURN_MS = 45_000;

/** Demo mode: the simulator on a free loopback port, and the settings that point the app at it. */
export async function startDemo(log?: (line: string) => void): Promise<DemoSetup> {
  const simulator = await startSimulator({ port: 0, host: '127.0.0.1', seed: true, log });
  return {
    simulator,
    overrides: {
      custobar: { baseUrl: simulator.url, authScheme: 'Token' },
      benefits: { baseUrl: simulator.url },
      // Send as records arrive, so the Status view shows the outbox moving.
      exports: { schedules: { customers: 'continuous', products: 'continuous', sales: 'continuous', shops: 'continuous', events: 'continuous' } },
      // Permissions arrive by the simulator's webhook at once, and a poll every half minute shows that path too.
      permissions: { schedule: '*/30 * * * * *' },
    },
    secrets: {
      custobarToken: simulator.token,
      benefitsToken: simulator.benefitsToken,
      permissionsSecret: randomBytes(24).toString('base64url'),
      campaignsSecret: randomBytes(24).toString('base64url'),
    },
  };
}
