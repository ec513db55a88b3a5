import type Store from 'electron-store';
import type { SafeStorage } from 'electron';
import type { SecretName } from '../../preload/contract';
import type { SecretStore } from '../core/secrets/secret-store';

/**
 * Credentials encrypted with the OS keychain through safeStorage; only ciphertext (base64) is stored.
 * On Linux without a keyring Electron falls back to a hard-coded key ('basic_text'): that is
 * plaintext in disguise, so secrets are refused there with a message saying how to fix it.
 */
export function createSafeStorageSecrets(safeStorage: SafeStorage, store: Store, platform = process.platform): SecretStore {
  const weakBackend = platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text';
  const readOnlyReason = !safeStorage.isEncryptionAvailable()
    ? 'This computer offers no secure storage for credentials.'
    : weakBackend
      ? 'No system keyring found (install gnome-keyring or KWallet): credentials would be stored unencrypted, so they are not saved.'
      : null;
  const get = (name: SecretName): string | undefined => {
    const sealed = store.get(name);
    if (typeof sealed !== 'string' || readOnlyReason) return undefined;
    try {
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    } catch {
      // Encrypted by another OS user or machine (e.g. a copied profile): treat as not set.
      return undefined;
    }
  };
  return {
    get,
    has: (name) => get(name) !== undefined,
    set: (name, value) => {
      if (readOnlyReason) throw new Error(readOnlyReason);
      if (value === '') store.delete(name);
      else store.set(name, safeStorage.encryptString(value).toString('base64'));
    },
    readOnlyReason,
  };
}
