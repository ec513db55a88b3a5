import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { createCompanion, type Companion } from '../core/companion';
import type { AppMode } from '../core/context/context';
import type { ExportsOptions } from '../core/exports/exports';
import { closeLogger, createLogger, flushLogger, type Logger, type LogLevel } from '../core/logging/logger';
import type { ScanningPorts } from '../core/scanning/scanning';
import { overlaySecrets } from '../core/secrets/overlay';
import type { SecretStore } from '../core/secrets/secret-store';
import { deepMerge } from '../core/settings/merge';
import type { SettingsBackend } from '../core/settings/backend';
import { contractRoutes } from '../http/routes/contract';
import { ingestRoutes } from '../http/routes/ingest';
import { uiRoutes } from '../http/routes/ui';
import { startHttpServer, type HttpServer, type RoutePlugin } from '../http/server';
import { startDemoFeeder, type DemoFeeder } from '../simulator/demo-feeder';
import { startDemo, type DemoSetup } from '../simulator/embedded';

/**
 * How the UI reaches the core:
 * - 'http' (service mode): the UI, the contract API, its event stream and ingest on one loopback port;
 * - 'ipc' (Electron): the shell attaches its IPC bridge; ingest gets its own port from Settings.
 */
export type UiTransport =
  | { kind: 'http'; host: string; port: number; token: string; rendererDir: string }
  | { kind: 'ipc'; attach(companion: Companion, logger: Logger): () => void };

/** What a shell hands the start-up: the things that differ between Electron and plain Node. */
export interface AppPorts {
  mode: AppMode;
  dataDir: string;
  version: string;
  settingsBackend: SettingsBackend;
  secrets: SecretStore;
  ui: UiTransport;
  /** Start the simulator with sample data and point the app at it. */
  demo: boolean;
  /** In demo mode, stream sample sales into the ingest API (default true). */
  demoFeed?: boolean;
  /** Settings fixed by flags; applied over the settings file and never saved. */
  overrides?: Record<string, unknown>;
  logLevel?: LogLevel;
  /** Tests pass an in-memory logger; otherwise <dataDir>/logs/till-companion.log. */
  logger?: Logger;
  scanning?: ScanningPorts;
  exports?: ExportsOptions;
  /** Machine-wide IT policy file: its settings are enforced and locked. */
  policyFile?: string;
}

export interface RunningApp {
  companion: Companion;
  logger: Logger;
  demo: DemoSetup | null;
  /** Service mode's server, or the desktop app's ingest port when it is on. */
  server: HttpServer | null;
  stop(): Promise<void>;
}

/**
 * THE start-up. Electron's main process and service mode both call this with their ports; it builds
 * the logger, demo set-up, core, loopback servers and the demo feed in one order, and stops them in
 * the reverse order. A fix to start-up made here reaches both shells.
 */
export async function startApp(ports: AppPorts): Promise<RunningApp> {
  const logger = ports.logger ?? createLogger({ level: ports.logLevel, file: path.join(ports.dataDir, 'logs', 'till-companion.log') });
  const demo = ports.demo ? await startDemo() : null;
  const stops: (() => Promise<void> | void)[] = [async () => demo?.simulator.close()];
  const stop = async (): Promise<void> => {
    for (const step of stops.splice(0).reverse()) await step();
    // File writes are asynchronous: the last lines (the shutdown itself) must reach the disk.
    await (ports.logger ? flushLogger(logger) : closeLogger(logger));
  };

  try {
    // The desktop app's demo feed posts to its own ingest port, which needs a token: a throw-away one.
    const demoSecrets = demo ? { ...demo.secrets, ...(ports.ui.kind === 'ipc' ? { ingestToken: randomBytes(24).toString('base64url') } : {}) } : {};
    const companion = await createCompanion(
      {
        dataDir: ports.dataDir,
        version: ports.version,
        mode: ports.mode,
        demo: demo !== null,
        overrides: deepMerge(demo?.overrides ?? {}, ports.overrides ?? {}),
        hostname: os.hostname(),
        platform: `${process.platform}-${process.arch}`,
      },
      { settingsBackend: ports.settingsBackend, secrets: overlaySecrets(ports.secrets, demoSecrets), logger, scanning: ports.scanning, exports: ports.exports, policyFile: ports.policyFile },
    );
    stops.push(() => companion.close());

    const server = ports.ui.kind === 'http' ? await startServiceServer(companion, logger, ports.ui) : await startIngestPort(companion, logger);
    if (server) stops.push(() => server.close());
    if (ports.ui.kind === 'ipc') {
      const detach = ports.ui.attach(companion, logger);
      stops.push(detach);
    }

    if (demo) {
      logger.info(`demo mode: Custobar simulator at ${demo.simulator.url}`);
      const token = ports.ui.kind === 'http' ? ports.ui.token : companion.context.secrets.get('ingestToken');
      if (server && token && ports.demoFeed !== false) {
        const feeder: DemoFeeder = startDemoFeeder({ ingestUrl: server.url, token, onError: (error) => logger.debug(error.message) });
        stops.push(() => feeder.stop());
      }
    }
    return { companion, logger, demo, server, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function startServiceServer(companion: Companion, logger: Logger, ui: Extract<UiTransport, { kind: 'http' }>): Promise<HttpServer> {
  const routes: RoutePlugin[] = [
    contractRoutes({ dispatch: companion.dispatch, events: companion.events, logger: logger.child('events') }),
    ingestRoutes(companion.exports.ingest),
    uiRoutes(ui.rendererDir),
  ];
  return startHttpServer({ host: ui.host, port: ui.port, token: ui.token, allowOwnOrigin: true, logger: logger.child('http'), routes });
}

/**
 * The desktop app's loopback ingest API for the POS. It needs a token: without one set in Settings
 * it stays off. It serves no page, so every browser request is refused.
 */
async function startIngestPort(companion: Companion, logger: Logger): Promise<HttpServer | null> {
  const port = companion.context.settings.get().exports.ingestPort;
  const token = companion.context.secrets.get('ingestToken');
  if (port === 0 || !token) {
    logger.info('ingest API off (set an ingest token and port in Settings to turn it on)');
    return null;
  }
  try {
    return await startHttpServer({ host: '127.0.0.1', port, token, allowOwnOrigin: false, logger: logger.child('ingest'), routes: [ingestRoutes(companion.exports.ingest)] });
  } catch (error) {
    companion.context.warnings.raise('ingest_port', `The ingest API could not listen on port ${port}: ${(error as Error).message}`);
    return null;
  }
}
