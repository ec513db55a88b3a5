import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../../../preload/contract';

export type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

/** Typed pushed events: the core emits, transports (IPC, SSE) and tests subscribe. */
export class CompanionEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per connected UI (SSE clients, the window) plus internal subscribers.
    this.emitter.setMaxListeners(100);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit(event, payload);
  }

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    this.emitter.on(event, listener as (p: unknown) => void);
    return () => this.emitter.off(event, listener as (p: unknown) => void);
  }

  /** Subscribe to every event, for transports that forward all of them. */
  onAny(names: readonly EventName[], listener: (event: EventName, payload: unknown) => void): () => void {
    const offs = names.map((name) => this.on(name, (payload) => listener(name, payload)));
    return () => offs.forEach((off) => off());
  }
}
