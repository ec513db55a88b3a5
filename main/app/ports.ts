import type { Dispatch } from '../core/contract-dispatch';
import type { AppMode } from '../core/context/context';
import type { CompanionEvents } from '../core/context/events';
import type { ExportsOptions } from '../core/exports/exports';
import type { Logger, LogLevel } from '../core/logging/logger';
import type { ScanningPorts } from '../core/scanning/scanning';
import type { SecretStore } from '../core/secrets/secret-store';
import type { SettingsBackend } from '../core/settings/backend';

/**
 * How the UI reaches the core:
 * - 'http' (service mode): the UI, the contract API, its event stream and ingest on one loopback port;
 * - 'ipc' (Electron): the shell attaches its IPC bridge once; ingest gets its own port from Settings.
 */
export type UiTransport =
  | { kind: 'http'; host: string; port: number; token: string; rendererDir: string }
  | { kind: 'ipc'; attach(app: AppFacade, logger: Logger): () => void };

/** What a transport talks to: stable across a switch between the demo and the store's data set. */
export interface AppFacade {
  dispatch: Dispatch;
  events: CompanionEvents;
}

/** What a shell hands the start-up: the things that differ between Electron and plain Node. */
export interface AppPorts {
  mode: AppMode;
  dataDir: string;
  version: string;
  /** The store's settings (electron-store or a JSON file). */
  settingsBackend: SettingsBackend;
  /** The demo's own settings, kept in the given folder (<data-dir>/demo). */
  demoSettingsBackend: (dir: string) => SettingsBackend;
  secrets: SecretStore;
  ui: UiTransport;
  /** `--demo`: run the demo this time, whatever was chosen on the setup screen. */
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
