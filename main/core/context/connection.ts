import type { ConnectionState, TextParams } from '../../../preload/contract';
import type { CodedText } from './coded-text';

export interface ConnectionSnapshot {
  target: string;
  state: ConnectionState;
  checkedAt: string | null;
  message: string | null;
  messageCode: string | null;
  messageParams: TextParams | null;
}

const fresh = (target: string): ConnectionSnapshot => ({ target, state: target ? 'unknown' : 'unconfigured', checkedAt: null, message: null, messageCode: null, messageParams: null });

/**
 * Connection health learned from real traffic (uploads, lookups, redemptions) rather than from
 * a separate ping: a ping that succeeds while uploads fail would tell the manager a comforting lie.
 */
export class ConnectionTracker {
  private snapshot: ConnectionSnapshot;
  private readonly listeners = new Set<() => void>();

  constructor(target: string, private readonly now: () => Date = () => new Date()) {
    this.snapshot = fresh(target);
  }

  get(): ConnectionSnapshot {
    return this.snapshot;
  }

  setTarget(target: string): void {
    if (target === this.snapshot.target) return;
    this.snapshot = fresh(target);
    this.changed();
  }

  report(state: Exclude<ConnectionState, 'unconfigured' | 'unknown'>, why: CodedText | null = null): void {
    const prev = this.snapshot;
    const message = why?.text ?? null;
    this.snapshot = { ...prev, state, message, messageCode: why?.code ?? null, messageParams: why?.params ?? null, checkedAt: this.now().toISOString() };
    if (prev.state !== state || prev.message !== message) this.changed();
  }

  isOffline(): boolean {
    return this.snapshot.state === 'offline';
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
