import type { CompanionEvents } from './events';
import type { Logger } from '../logging/logger';
import type { SecretStore } from '../secrets/secret-store';
import type { SettingsService } from '../settings/settings-service';
import type { ConnectionTracker } from './connection';
import type { Warnings } from './warnings';
import type { MetricsRecorder } from './metrics-recorder';

export type AppMode = 'electron' | 'service';

export interface CompanionConfig {
  /** Where the database, logs and (in service mode) settings live. */
  dataDir: string;
  version: string;
  mode: AppMode;
  demo: boolean;
  /** Settings forced by command-line flags or demo mode; shown read-only and never persisted. */
  overrides: Record<string, unknown>;
  hostname: string;
  platform: string;
}

/** Shared by every capability's method factory. */
export interface CoreContext {
  config: CompanionConfig;
  settings: SettingsService;
  secrets: SecretStore;
  events: CompanionEvents;
  warnings: Warnings;
  logger: Logger;
  now: () => Date;
  startedAt: Date;
  connections: { custobar: ConnectionTracker; benefits: ConnectionTracker };
  /** Fleet metrics: capabilities report scans, redemptions and deliveries here. */
  metrics: MetricsRecorder;
  /** Shop and till ids with their working defaults applied (host name as till id). */
  ids(): { shopId: string; tillId: string };
}
