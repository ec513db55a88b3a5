import path from 'node:path';
import { startApp, type RunningApp } from '../app/start-app';
import type { Logger } from '../core/logging/logger';
import { createEnvSecretStore, SERVICE_SECRET_ENV } from '../core/secrets/secret-store';
import { createFileSettingsBackend } from '../core/settings/file-backend';
import type { ServiceOptions } from './args';
import { findPackageRoot, packageVersion } from './package-root';
import { resolveApiToken } from './api-token';

export interface RunningService extends RunningApp {
  url: string;
  /** The URL to open: carries the token so the page can call the API. */
  openUrl: string;
  token: string;
}

export interface StartServiceExtras {
  env?: NodeJS.ProcessEnv;
  rendererDir?: string;
  logger?: Logger;
}

/** Service mode's ports for the one start-up: a settings file, secrets from the environment, HTTP. */
export async function startService(options: ServiceOptions, extras: StartServiceExtras = {}): Promise<RunningService> {
  const root = findPackageRoot();
  // Kept in the data dir, so the printed link survives a restart; --api-token / TILL_API_TOKEN win.
  const apiToken = resolveApiToken(options.dataDir, options.apiToken);
  const token = apiToken.token;
  const running = await startApp({
    mode: 'service',
    dataDir: options.dataDir,
    version: packageVersion(root),
    settingsBackend: createFileSettingsBackend(options.configFile),
    demoSettingsBackend: (dir) => createFileSettingsBackend(path.join(dir, 'settings.json')),
    secrets: createEnvSecretStore(extras.env ?? process.env, SERVICE_SECRET_ENV),
    ui: { kind: 'http', host: options.host, port: options.port, token, rendererDir: extras.rendererDir ?? path.join(root, 'dist', 'renderer') },
    demo: options.demo,
    demoFeed: !options.noDemoFeed,
    overrides: options.overrides,
    logLevel: options.logLevel,
    logger: extras.logger,
    policyFile: options.policyFile,
  });
  if (apiToken.problem) running.logger.warn(`the API token could not be saved in the data dir; it lasts until the service stops: ${apiToken.problem}`);
  const url = running.server!.url;
  // The running app's getters (companion, demo, profile) follow a switch of data set: keep them.
  return Object.assign(Object.create(running) as RunningApp, { url, openUrl: `${url}/?token=${encodeURIComponent(token)}`, token }) as RunningService;
}
