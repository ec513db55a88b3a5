import type { SecretName } from '../../../preload/contract';
import type { SecretStore } from './secret-store';

/**
 * Secrets that exist only for this run (the demo simulator's tokens). They shadow the stored ones
 * without being written, so leaving demo mode leaves the real credentials untouched.
 */
export function overlaySecrets(base: SecretStore, overlay: Partial<Record<SecretName, string>>): SecretStore {
  const get = (name: SecretName): string | undefined => overlay[name] ?? base.get(name);
  return {
    get,
    has: (name) => get(name) !== undefined,
    set: (name, value) => base.set(name, value),
    readOnlyReason: base.readOnlyReason,
    runOnly: (name) => overlay[name] !== undefined || (base.runOnly?.(name) ?? false),
  };
}
