import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCompanion, type Companion } from '../core/companion';
import { createLogger, type Logger } from '../core/logging/logger';
import { overlaySecrets } from '../core/secrets/overlay';
import { createEnvSecretStore, SERVICE_SECRET_ENV } from '../core/secrets/secret-store';
import { deepMerge } from '../core/settings/merge';
import { createFileSettingsBackend } from '../core/settings/file-backend';
import { startDemo, type DemoSetup } from '../simulator/embedded';
import { startDemoFeeder, type DemoFeeder } from '../simulator/demo-feeder';
import type { ServiceOptions } from './args';
import { startServiceServer, type ServiceServer } from './http-server';
import { handleIngest } from '../core/exports/ingest-http';
import { findPackageRoot, packageVersion } from './package-root';

export interface RunningService {
  url: string;
  /** The URL to open: carries the token so the page can call the API. */
  openUrl: string;
  token: string;
  companion: Companion;
  server: ServiceServer;
  demo: DemoSetup | null;
  logger: Logger;
  stop(): Promise<void>;
}

export interface StartServiceExtras {
  env?: NodeJS.ProcessEnv;
  rendererDir?: string;
  logger?: Logger;
}

/** Runs the core headless with the UI and API on loopback. Used by the CLI and by integration tests. */
export async function startService(options: ServiceOptions, extras: StartServiceExtras = {}): Promise<RunningService> {
  const env = extras.env ?? process.env;
  fs.mkdirSync(options.dataDir, { recursive: true });
  const logger =
    extras.logger ?? createLogger({ level: options.logLevel, file: path.join(options.dataDir, 'logs', 'till-companion.log') });
  const root = findPackageRoot();
  const demo = options.demo ? await startDemo() : null;
  const token = options.apiToken ?? randomBytes(24).toString('base64url');

  let companion: Companion;
  try {
    companion = await createCompanion(
      {
        dataDir: options.dataDir,
        version: packageVersion(root),
        mode: 'service',
        demo: demo !== null,
        overrides: deepMerge(demo?.overrides ?? {}, options.overrides),
        hostname: os.hostname(),
        platform: `${process.platform}-${process.arch}`,
      },
      {
        settingsBackend: createFileSettingsBackend(options.configFile),
        secrets: overlaySecrets(createEnvSecretStore(env, SERVICE_SECRET_ENV), demo?.secrets ?? {}),
        logger,
      },
    );
  } catch (error) {
    await demo?.simulator.close();
    throw error;
  }

  let server: ServiceServer;
  try {
    server = await startServiceServer({
      host: options.host,
      port: options.port,
      token,
      rendererDir: extras.rendererDir ?? path.join(root, 'dist', 'renderer'),
      dispatch: companion.dispatch,
      events: companion.events,
      logger: logger.child('http'),
      routes: [{ method: 'POST', prefix: '/ingest/', handle: (req, res, rest) => handleIngest(req, res, rest, companion.exports.ingest) }],
    });
  } catch (error) {
    await companion.close();
    await demo?.simulator.close();
    throw error;
  }
  let feeder: DemoFeeder | null = null;
  if (demo) {
    logger.info(`demo mode: Custobar simulator at ${demo.simulator.url}`);
    if (!options.noDemoFeed) {
      feeder = startDemoFeeder({ ingestUrl: server.url, token, onError: (error) => logger.debug(error.message) });
    }
  }

  return {
    url: server.url,
    openUrl: `${server.url}/?token=${encodeURIComponent(token)}`,
    token,
    companion,
    server,
    demo,
    logger,
    stop: async () => {
      feeder?.stop();
      await server.close();
      await companion.close();
      await demo?.simulator.close();
    },
  };
}
