import { z } from 'zod';
import { Settings } from '../../../preload/schemas/settings';
import { CompanionError } from '../common/errors';
import type { Logger } from '../logging/logger';
import { SettingsUnreadableError, type SettingsBackend } from './backend';
import { deepMerge, leafPaths, touchesLockedPath } from './merge';

export const defaultSettings = (): Settings => Settings.parse({});

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/**
 * Persisted settings plus runtime overrides (command-line flags, demo mode). Overrides are never
 * written back: a till started once with `--demo` must not keep pointing at the simulator.
 */
/** Where a settings file kept aside is reported (the Status view's warnings in the app). */
export interface SettingsWarnings {
  raise(code: string, message: string): void;
  clear(code: string): void;
}

export class SettingsService {
  private persisted: Settings;
  private effective: Settings;
  private readonly listeners = new Set<(settings: Settings) => void>();
  readonly locked: string[];

  constructor(
    private readonly backend: SettingsBackend,
    private readonly overrides: Record<string, unknown>,
    private readonly warnings: SettingsWarnings,
    private readonly logger: Logger,
  ) {
    this.locked = leafPaths(overrides);
    this.persisted = this.load();
    const effective = Settings.safeParse(deepMerge(this.persisted, overrides));
    if (!effective.success) {
      throw new CompanionError('invalid_input', `Invalid command-line setting: ${describeIssues(effective.error)}`);
    }
    this.effective = effective.data;
  }

  /** Never throws for a bad file: it is kept aside, defaults are used, and the manager is told. */
  private load(): Settings {
    let raw: unknown;
    try {
      raw = this.backend.read();
    } catch (error) {
      if (!(error instanceof SettingsUnreadableError)) throw error;
      return this.fallBack(`Settings file could not be read (${error.message})`);
    }
    if (raw === undefined) return defaultSettings();
    const parsed = Settings.safeParse(raw);
    if (!parsed.success) return this.fallBack(`Settings file is invalid (${describeIssues(parsed.error)})`);
    return parsed.data;
  }

  private fallBack(reason: string): Settings {
    const keptAs = this.backend.quarantine();
    const message = `${reason}. It was kept aside as ${keptAs} and default settings are in use.`;
    this.logger.warn(message);
    this.warnings.raise('settings_corrupt', message);
    return defaultSettings();
  }

  get(): Settings {
    return this.effective;
  }

  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies a partial update; rejects paths fixed by the command line and anything the schema refuses. */
  update(patch: Record<string, unknown>): Settings {
    const blocked = touchesLockedPath(patch, this.locked);
    if (blocked.length > 0) {
      throw new CompanionError('invalid_input', `These settings are fixed by the command line or demo mode: ${blocked.join(', ')}`);
    }
    const next = Settings.safeParse(deepMerge(this.persisted, patch));
    if (!next.success) {
      throw new CompanionError('invalid_input', describeIssues(next.error), next.error.issues);
    }
    this.backend.write(next.data);
    this.persisted = next.data;
    this.effective = Settings.parse(deepMerge(next.data, this.overrides));
    this.warnings.clear('settings_corrupt');
    for (const listener of this.listeners) listener(this.effective);
    return this.effective;
  }
}
