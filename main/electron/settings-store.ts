import path from 'node:path';
import type Store from 'electron-store';
import type { SettingsBackend } from '../core/settings/backend';
import { quarantineFile, readJsonFile } from '../core/settings/file-backend';

type StoreCtor = new (options: ConstructorParameters<typeof Store>[0]) => Store;

/**
 * Settings in electron-store. electron-store throws on a corrupt file when it is opened, so the file
 * is read and checked first (readJsonFile raises SettingsUnreadableError); the core then keeps it
 * aside as `.corrupt` and continues with defaults, instead of the app failing to start.
 */
export function createElectronSettingsBackend(StoreClass: StoreCtor, cwd: string): SettingsBackend {
  const file = path.join(cwd, 'settings.json');
  let store: Store | null = null;
  const open = (): Store =>
    (store ??= new StoreClass({ name: 'settings', cwd, clearInvalidConfig: false, accessPropertiesByDotNotation: false, watch: false }));
  return {
    location: file,
    read: () => {
      if (readJsonFile(file) === undefined) return undefined;
      return open().store;
    },
    write: (value) => {
      open().store = value as Record<string, unknown>;
    },
    quarantine: () => {
      store = null;
      return quarantineFile(file);
    },
  };
}
