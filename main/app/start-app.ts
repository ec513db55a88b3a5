import path from 'node:path';
import type { Profile } from '../../preload/contract';
import { CompanionError } from '../core/common/errors';
import type { Companion } from '../core/companion';
import { CompanionEvents } from '../core/context/events';
import { closeLogger, createLogger, flushLogger, type Logger } from '../core/logging/logger';
import { contractRoutes } from '../http/routes/contract';
import { ingestRoutes } from '../http/routes/ingest';
import { metricsRoutes } from '../http/routes/metrics';
import { asDataDirError, checkDataDir } from './data-dir';
import { makePrivate } from './private-files';
import { permissionRoutes } from '../http/routes/permissions';
import { campaignRoutes } from '../http/routes/campaigns';
import { uiRoutes } from '../http/routes/ui';
import { startHttpServer, type HttpServer } from '../http/server';
import { startDataSet, type RunningDataSet } from './data-set';
import { initialProfile, logsDir, writeChosenProfile, type DataSet } from './profiles';
import type { AppFacade, AppPorts, UiTransport } from './ports';

export type { AppFacade, AppPorts, UiTransport } from './ports';

export interface RunningApp {
  /** The application on the data set in use (it changes when the setup screen switches data sets). */
  readonly companion: Companion;
  readonly demo: RunningDataSet['demo'];
  readonly profile: Profile;
  readonly logger: Logger;
  /** Service mode's server, or the desktop app's ingest port when it is on. */
  readonly server: HttpServer | null;
  /** Restarts the application on the other data set (the setup screen's choice). */
  switchTo(dataSet: DataSet): Promise<void>;
  stop(): Promise<void>;
}

const SWITCHING = { ok: false as const, error: { code: 'unavailable' as const, message: 'Till Companion is switching between the demo and the store’s data; try again in a moment.' } };
/** How long a call made during a switch waits for the data set before it is answered "switching". */
const SWITCH_WAIT_MS = 10_000;

/**
 * THE start-up. Electron's main process and service mode both call this with their ports; it builds
 * the logger, the event hub, service mode's server and the data set in use (core, demo simulator,
 * ingest port, demo feed), and stops them in reverse order. A fix to start-up made here reaches both
 * shells. The setup screen's choice restarts only the data set: the server, its token and connected
 * event streams stay.
 */
export async function startApp(ports: AppPorts): Promise<RunningApp> {
  // A folder the app cannot write ends the start-up here with one sentence (which folder, why, what to
  // do), not with the first write's ENOENT or EROFS from deep inside the logger or SQLite.
  checkDataDir(ports.dataDir, ports.mode);
  // Before the first file is written: the log, the database and its WAL are owner-only.
  let tightened: number;
  try {
    tightened = makePrivate(ports.dataDir);
  } catch (error) {
    throw asDataDirError(error, ports.dataDir, ports.mode);
  }
  const logger = ports.logger ?? createLogger({ level: ports.logLevel, file: path.join(logsDir(ports.dataDir), 'till-companion.log') });
  if (tightened > 0) logger.info(`made ${tightened} file(s) and folder(s) of the data dir private to this user`);
  const events = new CompanionEvents();
  let current: RunningDataSet | null = null;
  let profile: Profile = initialProfile({
    dataDir: ports.dataDir,
    forceDemo: ports.demo,
    storeSettings: ports.settingsBackend,
    configuredByFlags: typeof (ports.overrides?.custobar as { baseUrl?: unknown } | undefined)?.baseUrl === 'string',
  });
  const facade: AppFacade = {
    // A call that arrives while the data set is switched (or restarted) waits for it, up to a
    // limit, instead of failing: the page asks again at once, and the till never sees the gap.
    dispatch: async (method, input) => {
      if (!current) await Promise.race([switching.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, SWITCH_WAIT_MS).unref())]);
      return current ? current.companion.dispatch(method, input) : SWITCHING;
    },
    events,
  };

  let server: HttpServer | null = null;
  let switching: Promise<void> = Promise.resolve();
  // The store's data set without a Custobar address is first run: the setup screen shows.
  const storeProfile = (running: RunningDataSet): Profile => (running.companion.context.settings.get().custobar.baseUrl ? 'real' : 'none');
  const run = async (dataSet: DataSet): Promise<void> => {
    current = await startDataSet(ports, {
      dataSet,
      logger,
      events,
      profile: { current: () => profile, switchTo: (next) => void switchTo(next) },
      // Service mode serves ingest on its own server; the desktop app opens its ingest port per data set.
      ownIngestPort: ports.ui.kind === 'ipc',
      serviceFeed: server && ports.ui.kind === 'http' ? { url: server.url, token: ports.ui.token } : null,
      restart: () => void reopen(dataSet),
    });
    profile = dataSet === 'demo' ? 'demo' : storeProfile(current);
  };

  /** Remembers the choice, then restarts on the other data set once the current call is answered. */
  const switchTo = (next: DataSet): Promise<void> => {
    // A failed switch must not block the next one.
    switching = switching.catch(() => undefined).then(async () => {
      if (next === 'demo' || profile === 'demo') writeChosenProfile(ports.dataDir, next);
      if ((next === 'demo') === (profile === 'demo')) {
        if (next === 'real' && current) profile = storeProfile(current);
        return;
      }
      await new Promise((resolve) => setImmediate(resolve));
      logger.info(`switching to the ${next === 'demo' ? 'demo' : 'store’s'} data set`);
      const old = current;
      const previous: DataSet = profile === 'demo' ? 'demo' : 'real';
      // The person at the till chose a language (often on the setup screen): the demo speaks it too.
      const language = old?.companion.context.settings.get().general.language;
      current = null;
      await old?.stop();
      try {
        await run(next);
      } catch (error) {
        // The till must not be left without an application: go back to the data set it had.
        logger.error(`could not start the ${next} data set; staying on the ${previous} one`, { error });
        writeChosenProfile(ports.dataDir, previous);
        await run(previous);
        throw error;
      }
      if (next === 'demo' && language) carryLanguage(current!, language, logger);
      events.emit('settings', await current!.companion.api['settings.get']({}));
      events.emit('status', await current!.companion.api['status.get']({}));
    });
    return switching;
  };

  /** The same data set again (its database's background check found damage: this start salvages it). */
  const reopen = (dataSet: DataSet): Promise<void> => {
    switching = switching.catch(() => undefined).then(async () => {
      logger.warn('restarting the data set on its database, to salvage it');
      const old = current;
      current = null;
      await old?.stop();
      await run(dataSet);
      events.emit('status', await current!.companion.api['status.get']({}));
    });
    return switching;
  };

  const stops: (() => Promise<void> | void)[] = [];
  const stop = async (): Promise<void> => {
    await switching.catch(() => undefined);
    for (const step of stops.splice(0).reverse()) await step();
    // File writes are asynchronous: the last lines (the shutdown itself) must reach the disk.
    await (ports.logger ? flushLogger(logger) : closeLogger(logger));
  };

  try {
    if (ports.ui.kind === 'http') {
      // The server first: it outlives every data set, and the demo feed posts to it.
      server = await startServiceServer(
        facade,
        logger,
        ports.ui,
        (type, records, options) => {
          if (!current) throw new CompanionError('unavailable', SWITCHING.error.message);
          return current.companion.exports.ingestStream(type, records, options);
        },
        () => current?.companion.permissions ?? null,
        () => current?.companion.metrics ?? null,
        () => current?.companion.prompts ?? null,
      );
      const started = server;
      stops.push(() => started.close());
    }
    await run(profile === 'demo' ? 'demo' : 'real');
    stops.push(() => current?.stop());
    if (ports.ui.kind === 'ipc') stops.push(ports.ui.attach(facade, logger));
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    get companion() {
      if (!current) throw new Error('switching data sets');
      return current.companion;
    },
    get demo() {
      return current?.demo ?? null;
    },
    get profile() {
      return profile;
    },
    get server() {
      return server ?? current?.ingestServer ?? null;
    },
    logger,
    switchTo,
    stop,
  };
}

function carryLanguage(demo: RunningDataSet, language: string, logger: Logger): void {
  const settings = demo.companion.context.settings;
  if (settings.get().general.language === language || settings.locked.includes('general.language')) return;
  try {
    settings.update({ general: { language } });
  } catch (error) {
    logger.warn('the demo could not take over the language', { error });
  }
}

function startServiceServer(
  facade: AppFacade,
  logger: Logger,
  ui: Extract<UiTransport, { kind: 'http' }>,
  ingest: Parameters<typeof ingestRoutes>[0],
  permissions: Parameters<typeof permissionRoutes>[0],
  metrics: Parameters<typeof metricsRoutes>[0],
  campaigns: Parameters<typeof campaignRoutes>[0],
): Promise<HttpServer> {
  const routes = [
    contractRoutes({ dispatch: facade.dispatch, events: facade.events, logger: logger.child('events') }),
    permissionRoutes(permissions),
    campaignRoutes(campaigns),
    ingestRoutes(ingest),
    metricsRoutes(metrics, 'api-token'),
    uiRoutes(ui.rendererDir),
  ];
  return startHttpServer({ host: ui.host, port: ui.port, token: ui.token, allowOwnOrigin: true, logger: logger.child('http'), routes });
}
