import path from 'node:path';
import type { AppPorts } from '../../main/app/ports';
import { createEnvSecretStore, SERVICE_SECRET_ENV } from '../../main/core/secrets/secret-store';
import { createFileSettingsBackend } from '../../main/core/settings/file-backend';
import { tempDir } from './service-process';

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
