import fs from 'node:fs';
import path from 'node:path';
import type { AppPorts } from '../../main/app/ports';
import { startApp, type RunningApp } from '../../main/app/start-app';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { createEnvSecretStore, SERVICE_SECRET_ENV } from '../../main/core/secrets/secret-store';
import { createFileSettingsBackend } from '../../main/core/settings/file-backend';
import { freePort, tempDir } from './service-process';

/** The start-up's ports as service mode gives them (settings files, environment secrets, HTTP on loopback). */
export function serviceAppPorts(dataDir: string, token: string, extra: Partial<AppPorts> & { env?: NodeJS.ProcessEnv } = {}): AppPorts {
  const { env = {}, ...rest } = extra;
  return {
    mode: 'service',
    dataDir,
    version: '0.0.0-test',
    settingsBackend: createFileSettingsBackend(path.join(dataDir, 'settings.json')),
    demoSettingsBackend: (dir) => createFileSettingsBackend(path.join(dir, 'settings.json')),
    secrets: createEnvSecretStore(env, SERVICE_SECRET_ENV),
    ui: { kind: 'http', host: '127.0.0.1', port: 0, token, rendererDir: tempDir() },
    demo: false,
    ...rest,
  };
}

/**
 * The one start-up in desktop shape (IPC transport, the shell's bridge a stand-in), with the ingest
 * port on a free loopback port and these settings and environment secrets.
 */
export async function startDesktopApp(
  env: Record<string, string>,
  settings: Record<string, unknown> = {},
  attach: Extract<AppPorts['ui'], { kind: 'ipc' }>['attach'] = () => () => undefined,
): Promise<{ app: RunningApp; port: number }> {
  const dataDir = tempDir();
  const settingsFile = path.join(dataDir, 'settings.json');
  const port = await freePort();
  const { exports, ...rest } = settings as { exports?: Record<string, unknown> };
  fs.writeFileSync(settingsFile, JSON.stringify({ ...rest, exports: { ...exports, ingestPort: port } }));
  const app = await startApp({
    mode: 'electron',
    dataDir,
    version: '0.0.0-test',
    settingsBackend: createFileSettingsBackend(settingsFile),
    demoSettingsBackend: (dir) => createFileSettingsBackend(path.join(dir, 'settings.json')),
    secrets: createEnvSecretStore(env, SERVICE_SECRET_ENV),
    ui: { kind: 'ipc', attach },
    demo: false,
    logger: createMemoryLogger(),
  });
  return { app, port };
}
