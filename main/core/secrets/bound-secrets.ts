import { SecretName } from '../../../preload/schemas/settings';
import type { SecretStore } from './secret-store';

/**
 * Where a secret's bindings come from: the address (origin) it would be sent to now, and the origin
 * recorded when it was given. Saved records live with the settings; run-only records in memory.
 */
export interface OriginPorts {
  /** The origin the secret would go to now; '' = no address set; null = a secret tied to no address. */
  current(name: SecretName): string | null;
  recorded(name: SecretName, runOnly: boolean): string | undefined;
  record(name: SecretName, runOnly: boolean, origin: string | undefined): void;
}

export interface UnboundSecret {
  name: SecretName;
  /** The origin the secret was given for ('' = given while no address was set). */
  givenFor: string;
  current: string;
}

export interface BoundSecretStore extends SecretStore {
  /** Secrets that are set but withheld, because the address now points at another origin. */
  unbound(): UnboundSecret[];
}

/**
 * A secret store that hands out a credential only for the origin it was given for, so changing
 * the Custobar or benefits address to another host never sends the old token there (the same
 * host with another path keeps it). `secrets.set` binds to the current origin.
 *
 * A secret without a record belongs to the origin in effect at start: a token from the environment
 * (service mode: the address from the flags or the settings file), the demo simulator's tokens, and
 * a token saved before this check existed (its record is written now, so a later change counts).
 */
export function bindSecrets(base: SecretStore, ports: OriginPorts): BoundSecretStore {
  const runOnly = (name: SecretName): boolean => base.runOnly?.(name) ?? false;
  const atStart = new Map<SecretName, string>();
  for (const name of SecretName.options) {
    const current = ports.current(name);
    if (current === null) continue;
    atStart.set(name, current);
    if (base.has(name) && ports.recorded(name, runOnly(name)) === undefined) ports.record(name, runOnly(name), current);
  }
  const givenFor = (name: SecretName): string | undefined => ports.recorded(name, runOnly(name)) ?? atStart.get(name);

  const get = (name: SecretName): string | undefined => {
    const value = base.get(name);
    const current = ports.current(name);
    if (value === undefined || current === null) return value;
    return givenFor(name) === current ? value : undefined;
  };

  return {
    get,
    has: (name) => get(name) !== undefined,
    set: (name, value) => {
      base.set(name, value);
      const current = ports.current(name);
      if (current !== null) ports.record(name, runOnly(name), value === '' ? undefined : current);
    },
    readOnlyReason: base.readOnlyReason,
    runOnly,
    unbound: () =>
      SecretName.options.flatMap((name) => {
        const current = ports.current(name);
        if (current === null || current === '' || base.get(name) === undefined) return [];
        const given = givenFor(name) ?? '';
        return given === current ? [] : [{ name, givenFor: given, current }];
      }),
  };
}
