import type { ServerResponse } from 'node:http';
import { forwardValidEvents } from '../core/contract-events';
import type { CompanionEvents } from '../core/context/events';
import type { Logger } from '../core/logging/logger';

/**
 * Server-Sent Events: the service-mode transport for the contract's pushed events. Every event in
 * the contract is forwarded (after validation), so a new event needs no change here.
 */
export function openEventStream(res: ServerResponse, events: CompanionEvents, logger: Logger, extraHeaders: Record<string, string>): () => void {
  res.writeHead(200, {
    ...extraHeaders,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write(': connected\n\n');
  const off = forwardValidEvents(events, logger, (name, payload) => {
    res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
  });
  // A comment every 15 s keeps idle proxies and the browser from dropping the stream.
  const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
  heartbeat.unref();
  const close = (): void => {
    clearInterval(heartbeat);
    off();
  };
  res.on('close', close);
  return () => {
    close();
    res.end();
  };
}
