import type { Settings } from '../../preload/schemas/settings';

export interface SettingsSource {
  get(): Settings;
  onChange(listener: (settings: Settings) => void): () => void;
}

/**
 * The settings of the data set in use. The setup screen switches between the demo and the store's
 * data set, each with its own settings service, so a listener the shell registered on one service
 * would go deaf after a switch. Listeners registered here move to the new service when the switch
 * has finished (it ends with a `settings` event) and hear its settings at once. While a switch is
 * under way `current()` throws; the last settings seen are kept until it is over.
 */
export function followSettings(current: () => SettingsSource, onSettingsEvent: (listener: () => void) => unknown): SettingsSource {
  const listeners = new Set<(settings: Settings) => void>();
  let bound = current();
  let last = bound.get();
  const notify = (settings: Settings): void => {
    last = settings;
    listeners.forEach((listener) => listener(settings));
  };
  let off = bound.onChange(notify);
  onSettingsEvent(() => {
    let next: SettingsSource;
    try {
      next = current();
    } catch {
      return; // still switching: the event that ends the switch comes later
    }
    if (next === bound) return;
    off();
    bound = next;
    off = bound.onChange(notify);
    try {
      notify(bound.get());
    } catch {
      // A listener that cannot take the new data set's settings has logged why; the switch itself stands.
    }
  });
  return {
    get: () => {
      try {
        return current().get();
      } catch {
        return last;
      }
    },
    onChange: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
