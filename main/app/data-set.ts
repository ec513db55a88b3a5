import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { createCompanion, type Companion } from '../core/companion';
import type { CompanionEvents } from '../core/context/events';
import type { Logger } from '../core/logging/logger';
import { overlaySecrets } from '../core/secrets/overlay';
import { createEnvSecretStore, SERVICE_SECRET_ENV } from '../core/secrets/secret-store';
import { deepMerge } from '../core/settings/merge';
import type { ProfilePort } from '../core/setup/setup-methods';
import type { HttpServer } from '../http/server';
import { openIngestPort } from './ingest-port';
import type { DemoFeeder } from '../simulator/demo-feeder';
import type { DemoSetup } from '../simulator/embedded';
import { demoDir, logsDir, type DataSet } from './profiles';
import type { AppPorts } from './ports';

export interface RunningDataSet {
  companion: Companion;
  demo: DemoSetup | null;
  /** The desktop app's ingest port, when it is on. */
  ingestServer: HttpServer | null;
  stop(): Promise<void>;
}

export interface DataSetOptions {
  dataSet: DataSet;
  logger: Logger;
  events: CompanionEvents;
  profile: ProfilePort;
  ownIngestPort: boolean;
  /** Service mode: where the demo feed posts its sample sales. */
  serviceFeed: { url: string; token: string } | null;
  /** Stops this data set and starts it again (a damaged database found after the start is salvaged that way). */
  restart?: () => void;
}

/**
 * One data set running: the core on its own database and settings, and for the demo the simulator,
 * throw-away credentials (kept in memory only, never in the store's secret storage) and the feed.
 */
export async function startDataSet(ports: AppPorts, options: DataSetOptions): Promise<RunningDataSet> {
  const { logger } = options;
  const isDemo = options.dataSet === 'demo';
  const dataDir = isDemo ? demoDir(ports.dataDir) : ports.dataDir;
  fs.mkdirSync(dataDir, { recursive: true });
  // The simulator is code a store's own data set never runs: loaded only for the demo.
  const simulator = isDemo ? await import('../simulator/embedded') : null;
  const demo = simulator ? await simulator.startDemo((line) => logger.child('simulator').info(line)) : null;
  const stops: (() => Promise<void> | void)[] = [async () => demo?.simulator.close()];
  const stop = async (): Promise<void> => {
    for (const step of stops.splice(0).reverse()) await step();
  };

  try {
    // The desktop app's demo feed posts to its own ingest port, which needs a token: a throw-away one.
    const secrets = demo
      ? overlaySecrets(createEnvSecretStore({}, SERVICE_SECRET_ENV), { ...demo.secrets, ingestToken: randomBytes(24).toString('base64url') })
      : ports.secrets;
    const companion = await createCompanion(
      {
        dataDir,
        version: ports.version,
        mode: ports.mode,
        demo: isDemo,
        overrides: deepMerge(demo?.overrides ?? {}, ports.overrides ?? {}),
        hostname: os.hostname(),
        platform: `${process.platform}-${process.arch}`,
      },
      {
        settingsBackend: isDemo ? ports.demoSettingsBackend(dataDir) : ports.settingsBackend,
        secrets,
        logger,
        scanning: ports.scanning,
        exports: { ...ports.exports, ...(options.restart ? { onDamaged: options.restart } : {}) },
        policyFile: ports.policyFile,
        logsDir: logsDir(ports.dataDir),
        profile: options.profile,
        events: options.events,
      },
    );
    stops.push(() => companion.close());

    const ingestPort = options.ownIngestPort ? await openIngestPort(companion, logger) : null;
    if (ingestPort) stops.push(() => ingestPort.close());
    const ingestServer = ingestPort?.server ?? null;

    if (demo) {
      logger.info(`demo mode: Custobar simulator at ${demo.simulator.url}`);
      // A campaign prompt for a demo card is there from the start: scanning CU-4M8Q1Z6T shows it. Taken
      // as a push would be (the same reading), without waiting for a server that may not serve yet.
      const seeded = companion.prompts.receive(simulator!.demoPromptBody(companion.context.now().getTime()), 'demo');
      if ('problem' in seeded || seeded.refused > 0) logger.warn('demo mode: the demo campaign prompt does not fit the campaigns mapping setting', { result: seeded });
      const feed = options.serviceFeed ?? (ingestServer ? { url: ingestServer.url, token: secrets.get('ingestToken')! } : null);
      // The simulator's POST /__sim/campaigns pushes to this app, as a Custobar push campaign would.
      if (feed) demo.simulator.setCampaignWebhook({ url: `${feed.url}/webhooks/campaigns`, secret: secrets.get('campaignsSecret')! });
      if (feed && ports.demoFeed !== false) {
        const { startDemoFeeder } = await import('../simulator/demo-feeder');
        const feeder: DemoFeeder = startDemoFeeder({ ingestUrl: feed.url, token: feed.token, onError: (error) => logger.debug(error.message) });
        stops.push(() => feeder.stop());
        // Now and then a demo customer's permission changes "in Custobar", which pushes it to this
        // app's webhook: a newcomer sees a permission change arrive without an account.
        demo.simulator.setWebhook({ url: `${feed.url}/webhooks/permissions`, secret: secrets.get('permissionsSecret')!, shape: 'items' });
        const churn = demo.simulator.startPermissionChurn(simulator!.DEMO_CHURN_MS);
        stops.push(() => churn.stop());
      }
    }
    return {
      companion,
      demo,
      get ingestServer() {
        return ingestPort?.server ?? null;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
