import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { followSettings, type SettingsSource } from '../../../main/electron/current-settings';
import type { Settings } from '../../../preload/schemas/settings';

/** One data set's settings service, reduced to what the shell uses. */
function service(language: string) {
  const listeners = new Set<(s: Settings) => void>();
  let value = { general: { language } } as Settings;
  return {
    get: () => value,
    onChange: (l: (s: Settings) => void) => (listeners.add(l), () => void listeners.delete(l)),
    set(next: string) {
      value = { general: { language: next } } as Settings;
      listeners.forEach((l) => l(value));
    },
    listenerCount: () => listeners.size,
  };
}

describe('the settings of the data set in use', () => {
  it('moves its listeners to the new data set once a switch has finished', () => {
    const store = service('fi');
    const demo = service('en');
    let current: SettingsSource | null = store;
    const events = new EventEmitter();
    const settings = followSettings(() => {
      if (!current) throw new Error('switching data sets');
      return current;
    }, (listener) => events.on('settings', listener));
    const heard: string[] = [];
    settings.onChange((s) => heard.push(s.general.language));

    store.set('sv');
    expect(heard).toEqual(['sv']);

    // Mid-switch: the last settings stay readable and an early event changes nothing.
    current = null;
    events.emit('settings');
    expect(settings.get().general.language).toBe('sv');

    current = demo;
    events.emit('settings');
    expect(heard).toEqual(['sv', 'en']);
    expect(store.listenerCount()).toBe(0);
    store.set('fi'); // the old data set is gone: not heard
    demo.set('sv');
    expect(heard).toEqual(['sv', 'en', 'sv']);
    // A settings event without a switch is not a change of data set.
    events.emit('settings');
    expect(heard).toHaveLength(3);
    expect(settings.get().general.language).toBe('sv');
  });
});
