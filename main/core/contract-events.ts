import { eventNames, events as eventSchemas, type EventName } from '../../preload/contract';
import type { CompanionEvents } from './context/events';
import type { Logger } from './logging/logger';

/**
 * Forwards every contract event that matches its schema to a transport (SSE, Electron IPC). Both
 * transports call this, so the UI never receives a payload the contract does not promise: a bug that
 * pushes a malformed status is logged here instead of breaking the screen in a way nobody can trace.
 */
export function forwardValidEvents(events: CompanionEvents, logger: Logger, send: (name: EventName, payload: unknown) => void): () => void {
  return events.onAny(eventNames, (name, payload) => {
    const checked = eventSchemas[name].safeParse(payload);
    if (!checked.success) {
      logger.error(`event ${name} is outside the contract; not sent`, { issues: checked.error.issues.slice(0, 5) });
      return;
    }
    send(name, checked.data);
  });
}
