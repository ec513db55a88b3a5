import type { SecretName } from '../../preload/contract';
import { startSimulator, type Simulator } from './server';

export interface DemoSetup {
  simulator: Simulator;
  /** Settings forced while the demo runs (never persisted). */
  overrides: Record<string, unknown>;
  secrets: Partial<Record<SecretName, string>>;
}

/** Demo mode: the simulator on a free loopback port, and the settings that point the app at it. */
export async function startDemo(): Promise<DemoSetup> {
  const simulator = await startSimulator({ port: 0, host: '127.0.0.1', seed: true });
  return {
    simulator,
    overrides: {
      custobar: { baseUrl: simulator.url, authScheme: 'Token' },
      benefits: { baseUrl: simulator.url },
      // Send as records arrive, so the Status view shows the outbox moving.
      exports: { schedules: { customers: 'continuous', products: 'continuous', sales: 'continuous', shops: 'continuous', events: 'continuous' } },
    },
    secrets: { custobarToken: simulator.token, benefitsToken: simulator.benefitsToken },
  };
}
