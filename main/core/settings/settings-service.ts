import { Settings, type SecretName } from '../../../preload/schemas/settings';
import { CompanionError } from '../common/errors';
import type { Logger } from '../logging/logger';
import { SettingsUnreadableError, type SettingsBackend } from './backend';
import { describeProblems, fieldError, fieldProblems, inboxProblem, unknownPaths, type FieldProblem } from './field-errors';
import { deepMerge, isPlainObject, leafPaths, touchesLockedPath } from './merge';
import { readPolicy, type Policy } from './policy';
import { repairSettings } from './repair';
import { secretOrigin, StoredOrigins, type OriginRecord } from './secret-origins';

export const defaultSettings = (): Settings => Settings.parse({});

/** Where problems with the stored settings or the policy are reported (the Status view's warnings). */
export interface SettingsWarnings {
  raise(code: string, message: string, params?: Record<string, string | number>): void;
  clear(code: string): void;
}

export interface SettingsServiceOptions {
  /** Machine-wide IT policy file; a missing file means no policy. */
  policyFile?: string;
}

/** The settings document's own key for the origins credentials were given for (see secret-origins.ts). */
const ORIGINS_KEY = 'secretOrigins';

/**
 * Persisted settings, the IT policy over them, and runtime overrides (command-line flags, demo mode)
 * over both. Neither policy nor overrides are ever written back: a till started once with `--demo`
 * must not keep pointing at the simulator, and leaving a policy restores the till's own values.
 */
export class SettingsService {
  private persisted: Settings;
  private effective: Settings;
  private readonly origins: { saved: OriginRecord; run: OriginRecord } = { saved: {}, run: {} };
  private readonly listeners = new Set<(settings: Settings) => void>();
  private readonly policy: Record<string, unknown>;
  /** Fields reset to their default at start because the stored value was invalid, until set again. */
  private readonly resetFields = new Map<string, string>();
  /** Where the original of a repaired file was kept, for the warning. */
  private keptAs = '';
  private readonly byFlags: string[];
  /** Dotted paths the UI shows read-only: fixed by flags or demo mode, or managed by IT. */
  readonly locked: string[];
  /** The subset of `locked` set by the IT policy. */
  readonly managed: string[];

  constructor(
    private readonly backend: SettingsBackend,
    private readonly overrides: Record<string, unknown>,
    private readonly warnings: SettingsWarnings,
    private readonly logger: Logger,
    options: SettingsServiceOptions = {},
  ) {
    this.byFlags = leafPaths(overrides);
    this.persisted = this.load();
    const withFlags = Settings.safeParse(deepMerge(this.persisted, overrides));
    if (!withFlags.success) {
      throw new CompanionError('invalid_input', `Invalid command-line setting: ${describeProblems(fieldProblems(withFlags.error))}`);
    }
    const policy = this.applicablePolicy(readPolicy(options.policyFile, defaultSettings()));
    this.policy = policy?.settings ?? {};
    this.managed = policy?.paths ?? [];
    this.locked = [...new Set([...this.byFlags, ...this.managed])];
    this.effective = this.compose(this.persisted);
  }

  /** Never throws for a bad file: invalid fields fall back to their defaults, the rest is kept. */
  private load(): Settings {
    let raw: unknown;
    try {
      raw = this.backend.read();
    } catch (error) {
      if (!(error instanceof SettingsUnreadableError)) throw error;
      const keptAs = this.backend.quarantine();
      this.report('settings_corrupt', `Settings file could not be read (${error.message}). It was kept aside as ${keptAs} and default settings are in use.`, { keptAs });
      return defaultSettings();
    }
    if (raw === undefined) return defaultSettings();
    if (isPlainObject(raw)) Object.assign(this.origins.saved, StoredOrigins.parse(raw[ORIGINS_KEY]));
    const { settings, reset } = repairSettings(raw);
    if (reset.length === 0) return settings;
    // The original is kept as evidence; the repaired file is written so the next start is clean.
    const keptAs = this.backend.quarantine();
    try {
      this.backend.write(this.document(settings));
    } catch (error) {
      this.logger.warn(`the repaired settings could not be saved: ${(error as Error).message}`);
    }
    for (const { path, message } of reset) this.resetFields.set(path, message);
    this.keptAs = keptAs;
    this.reportReset();
    return settings;
  }

  private reportReset(): void {
    if (this.resetFields.size === 0) return this.warnings.clear('settings_invalid_fields');
    const fields = [...this.resetFields].map(([path, message]) => `${path} (${message})`).join('; ');
    this.report('settings_invalid_fields', `These stored settings were invalid and are back to their defaults: ${fields}. The original file was kept as ${this.keptAs}.`, { fields: [...this.resetFields.keys()].join(', '), keptAs: this.keptAs });
  }

  private report(code: string, message: string, params?: Record<string, string | number>): void {
    this.logger.warn(message);
    this.warnings.raise(code, message, params);
  }

  /** The policy, unless it is invalid or cannot be combined with this till's settings: then none of it. */
  private applicablePolicy(policy: Policy): Extract<Policy, { kind: 'valid' }> | null {
    if (policy.kind === 'none') return null;
    if (policy.kind === 'invalid') {
      this.report('policy_invalid', `The IT policy ${policy.file} is ignored: ${policy.reason}.`, { file: policy.file });
      return null;
    }
    const combined = Settings.safeParse(deepMerge(deepMerge(this.persisted, policy.settings), this.overrides));
    if (!combined.success) {
      this.report('policy_invalid', `The IT policy ${policy.file} is ignored: with this till's settings, ${describeProblems(fieldProblems(combined.error))}.`, { file: policy.file });
      return null;
    }
    this.logger.info(`IT policy ${policy.file} manages ${policy.paths.join(', ')}`);
    return policy;
  }

  /** Persisted settings with the policy and the overrides on top. Throws when they do not validate. */
  private compose(persisted: Settings): Settings {
    return Settings.parse(deepMerge(deepMerge(persisted, this.policy), this.overrides));
  }

  private document(settings: Settings): Record<string, unknown> {
    return Object.keys(this.origins.saved).length ? { ...settings, [ORIGINS_KEY]: { ...this.origins.saved } } : settings;
  }

  get(): Settings {
    return this.effective;
  }

  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The origin a secret was given for: saved with the settings, or for this run only. */
  secretOrigin(name: SecretName, runOnly: boolean): string | undefined {
    return (runOnly ? this.origins.run : this.origins.saved)[name];
  }

  /** Records (or, with undefined, forgets) the origin a secret was given for. Never notifies listeners. */
  bindSecret(name: SecretName, runOnly: boolean, origin: string | undefined): void {
    const record = runOnly ? this.origins.run : this.origins.saved;
    if (origin === undefined) delete record[name];
    else record[name] = origin;
    if (runOnly) return;
    try {
      this.backend.write(this.document(this.persisted));
    } catch (error) {
      // The secret itself is stored already; without its record it belongs to the address at the next start.
      this.logger.warn(`the origin of ${name} could not be saved: ${(error as Error).message}`);
    }
  }

  /**
   * Applies a partial update: refuses managed, fixed, unknown and invalid fields, each named in the
   * error; then applies it, and when a part of the app cannot take it, puts everything back.
   */
  update(patch: Record<string, unknown>): Settings {
    const next = this.validate(patch);
    const effective = this.compose(next);
    const previous = { persisted: this.persisted, effective: this.effective, saved: { ...this.origins.saved }, run: { ...this.origins.run } };
    this.persisted = next;
    this.effective = effective;
    this.claimOrigins(previous.effective, effective);
    try {
      for (const listener of this.listeners) listener(effective);
    } catch (error) {
      this.rollBack(previous);
      throw this.applyError(error, patch);
    }
    try {
      this.backend.write(this.document(next));
    } catch (error) {
      this.rollBack(previous);
      this.logger.error(`settings could not be saved to ${this.backend.location}: ${(error as Error).message}`);
      const code = (error as NodeJS.ErrnoException).code;
      throw new CompanionError('unavailable', `The settings could not be saved to ${this.backend.location}${code ? ` (${code})` : ''}; nothing was changed.`);
    }
    this.forgetReset(patch);
    this.warnings.clear('settings_corrupt');
    return effective;
  }

  private validate(patch: Record<string, unknown>): Settings {
    const managed = touchesLockedPath(patch, this.managed);
    if (managed.length) {
      const problems = managed.map((path) => ({ path, code: 'managed', message: 'managed by IT (the machine-wide policy)' }));
      throw fieldError(problems, 'forbidden', `These settings are managed by IT and cannot be changed here: ${managed.join(', ')}`);
    }
    const fixed = touchesLockedPath(patch, this.byFlags);
    if (fixed.length) {
      const problems = fixed.map((path) => ({ path, code: 'locked', message: 'fixed by the command line or demo mode' }));
      throw fieldError(problems, 'invalid_input', `These settings are fixed by the command line or demo mode: ${fixed.join(', ')}`);
    }
    const unknown = unknownPaths(patch, defaultSettings());
    if (unknown.length) throw fieldError(unknown.map((path) => ({ path, code: 'unknown', message: 'no such setting' })));
    const next = Settings.safeParse(deepMerge(this.persisted, patch));
    if (!next.success) throw fieldError(fieldProblems(next.error));
    const problems: FieldProblem[] = [];
    // The folder is checked only when it is being set: one that vanished later is the inbox's own warning.
    const inbox = leafPaths(patch).includes('exports.inboxDir') ? inboxProblem(next.data.exports.inboxDir) : null;
    if (inbox) problems.push(inbox);
    const combined = Settings.safeParse(deepMerge(deepMerge(next.data, this.policy), this.overrides));
    if (!combined.success) problems.push(...fieldProblems(combined.error));
    if (problems.length) throw fieldError(problems);
    return next.data;
  }

  /** A credential given while no address was set belongs to the first address set after it. */
  private claimOrigins(before: Settings, after: Settings): void {
    for (const record of [this.origins.saved, this.origins.run]) {
      for (const name of Object.keys(record) as SecretName[]) {
        const origin = secretOrigin(after, name);
        if (record[name] === '' && secretOrigin(before, name) === '' && origin) record[name] = origin;
      }
    }
  }

  private rollBack(previous: { persisted: Settings; effective: Settings; saved: OriginRecord; run: OriginRecord }): void {
    this.persisted = previous.persisted;
    this.effective = previous.effective;
    for (const [record, old] of [[this.origins.saved, previous.saved], [this.origins.run, previous.run]] as const) {
      for (const key of Object.keys(record) as SecretName[]) delete record[key];
      Object.assign(record, old);
    }
    // Whoever already took the new settings goes back to the old ones. The file needs nothing: it is
    // written last, atomically, so a failure anywhere before or in that write leaves the old file.
    for (const listener of this.listeners) {
      try {
        listener(previous.effective);
      } catch (error) {
        this.logger.error(`restoring the previous settings failed in a listener: ${(error as Error).message}`);
      }
    }
  }

  private applyError(error: unknown, patch: Record<string, unknown>): CompanionError {
    this.logger.error(`settings change could not be applied and was rolled back: ${(error as Error).stack ?? String(error)}`);
    // A CompanionError is worded for the manager; anything else may be technical, so only the log has it.
    const reason = error instanceof CompanionError ? error.message : 'a part of the app could not use it (details in the log)';
    const problems = leafPaths(patch).map((path) => ({ path, code: 'apply_failed', message: reason }));
    return fieldError(problems, 'invalid_input', `The change was not applied and nothing was changed: ${reason}.`);
  }

  private forgetReset(patch: Record<string, unknown>): void {
    if (this.resetFields.size === 0) return;
    const set = leafPaths(patch);
    for (const path of [...this.resetFields.keys()]) {
      if (set.some((p) => p === path || p.startsWith(`${path}.`) || path === '(root)')) this.resetFields.delete(path);
    }
    this.reportReset();
  }
}
