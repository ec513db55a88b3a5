import os from 'node:os';
import path from 'node:path';
import { createCompanion, type Companion } from '../../main/core/companion';
import type { CompanionConfig } from '../../main/core/context/context';
import type { CompanionPorts } from '../../main/core/companion';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { createEnvSecretStore, SERVICE_SECRET_ENV } from '../../main/core/secrets/secret-store';
import { createFileSettingsBackend } from '../../main/core/settings/file-backend';
import { tempDir } from './service-process';

/** A real companion on a temp data dir with a file settings backend and in-memory secrets. */
export async function makeCompanion(
  config: Partial<CompanionConfig> = {},
  dataDir = tempDir(),
  ports: Partial<CompanionPorts> = {},
): Promise<Companion & { logger: ReturnType<typeof createMemoryLogger> }> {
  const logger = createMemoryLogger();
  const companion = await createCompanion(
    {
      dataDir,
      version: '9.9.9',
      mode: 'service',
      demo: false,
      overrides: {},
      hostname: os.hostname(),
      platform: 'test',
      ...config,
    },
    {
      settingsBackend: createFileSettingsBackend(path.join(dataDir, 'settings.json')),
      secrets: createEnvSecretStore({}, SERVICE_SECRET_ENV),
      logger,
      ...ports,
    },
  );
  return Object.assign(companion, { logger });
}
