/**
 * Where settings live. The core does not care: service mode uses a JSON file (file-backend.ts),
 * Electron uses electron-store (main/electron/settings-store.ts).
 */
export interface SettingsBackend {
  /** The stored value, or undefined when nothing is stored yet. Throws SettingsUnreadableError. */
  read(): unknown;
  write(value: unknown): void;
  /** Move the unusable file aside as `<file>.corrupt` and return that path. */
  quarantine(): string;
  /** For messages: where the settings are. */
  readonly location: string;
}

export class SettingsUnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsUnreadableError';
  }
}
