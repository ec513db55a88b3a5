import type { Warning } from '../../../preload/contract';

/**
 * Problems a manager should see on the Status view (settings kept aside, disk nearly full, …).
 * Keyed by code so a repeating condition shows once, with its latest message.
 */
export class Warnings {
  private readonly byCode = new Map<string, Warning>();
  private listeners = new Set<() => void>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** `params` are the values the UI's own words for the code need; `message` stays the English text. */
  raise(code: string, message: string, params?: Warning['params']): void {
    const existing = this.byCode.get(code);
    if (existing?.message === message) return;
    this.byCode.set(code, { code, message, at: this.now().toISOString(), ...(params ? { params } : {}) });
    this.changed();
  }

  clear(code: string): void {
    if (this.byCode.delete(code)) this.changed();
  }

  list(): Warning[] {
    return [...this.byCode.values()];
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
