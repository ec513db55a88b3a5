import type { ServerResponse } from 'node:http';
import { eventNames } from '../../preload/contract';
import type { CompanionEvents } from '../core/context/events';

/**
 * Server-Sent Events: the service-mode transport for the contract's pushed events. Every event in
 * the contract is forwarded, so a new event needs no change here.
 */
export function openEventStream(res: ServerResponse, events: CompanionEvents, extraHeaders: Record<string, string>): () => void {
  res.writeHead(200, {
    ...extraHeaders,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write(': connected\n\n');
  const off = events.onAny(eventNames, (name, payload) => {
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
