import type { ContractResult } from '../../../preload/contract';
import { httpStatusFor, type Dispatch } from '../../core/contract-dispatch';
import type { CompanionEvents } from '../../core/context/events';
import type { Logger } from '../../core/logging/logger';
import { replyError, replyJson } from '../replies';
import type { RoutePlugin } from '../server';
import { openEventStream } from '../sse';
import { securityHeaders } from '../static-files';

const config = { auth: 'token', errors: 'contract' } as const;

/**
 * The contract over HTTP: POST /api/<method> runs one method through the same dispatcher as
 * Electron IPC (which validates input and output), and GET /api/events streams the pushed events.
 */
export function contractRoutes(deps: { dispatch: Dispatch; events: CompanionEvents; logger: Logger }): RoutePlugin {
  return (app) => {
    const streams = new Set<() => void>();
    // An open event stream would otherwise hold the server open at shutdown.
    app.addHook('onClose', async () => streams.forEach((close) => close()));

    app.get('/api/events', { config }, (request, reply) => {
      reply.hijack();
      const close = openEventStream(reply.raw, deps.events, deps.logger, securityHeaders);
      streams.add(close);
      request.raw.on('close', () => streams.delete(close));
    });

    app.post<{ Params: { method: string } }>('/api/:method', { config }, async (request, reply) => {
      const result: ContractResult<unknown> = await deps.dispatch(request.params.method, request.body);
      return replyJson(reply.headers(securityHeaders), result.ok ? 200 : httpStatusFor[result.error.code], result);
    });

    app.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url: '/api/:method',
      config,
      handler: (_request, reply) => replyError(reply.header('Allow', 'POST'), 'contract', 405, 'Use POST'),
    });
  };
}
