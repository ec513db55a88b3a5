import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/logging/logger';
import { MAX_JSON_DEPTH } from '../core/exports/parsers/json-records';
import { createGuard, type Guard, type GuardOptions } from './guard';
import { replyError, type ErrorShape } from './replies';

/**
 * What each route declares in its fastify `config`, read by the one guard and the one error handler:
 * - auth: 'token' (default) needs the bearer token; 'public' is the UI's static files only; 'secret'
 *   checks its own shared secret in the route (Custobar's webhook);
 * - errors: the envelope its clients read — the contract's `{ok:false,error:{code,message}}`, or the
 *   ingest API's Custobar-like `{error:{reason}}`.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: 'token' | 'public' | 'secret';
    errors?: ErrorShape;
  }
}

/**
 * Where routes plug in: a function that adds routes to the server. Each route sets its own
 * `bodyLimit`, accepted content types (a parser registered inside its own plugin scope), and
 * `config` (above). main/http/routes/ holds the ones the app serves.
 */
export type RoutePlugin = (app: FastifyInstance) => void | Promise<void>;

export interface HttpServerOptions extends Omit<GuardOptions, 'port'> {
  port: number;
  logger: Logger;
  routes: readonly RoutePlugin[];
  /** Largest JSON body any route may raise its limit to is its own business; this is the default. */
  bodyLimit?: number;
}

export interface HttpServer {
  port: number;
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * The one HTTP layer: service mode's UI + contract + events + ingest, and the desktop app's ingest
 * port, are both this server with different routes. Guard, body limits, content types and error
 * envelopes are decided here once, so a fix reaches every route.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = Fastify({
    // fastify's types want a msgPrefix that pino's Logger type does not declare; it is a real pino logger.
    loggerInstance: options.logger.pino as FastifyBaseLogger,
    // Every SSE ping and ingest post would be a log line; errors are logged by the handler below.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    requestTimeout: 120_000,
    return503OnClosing: true,
    // Our own 404/405 answers carry the route's envelope; fastify's trailing-slash tolerance keeps
    // `/ingest/sales/` working as before.
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.server.headersTimeout = 20_000;
  acceptJsonOnly(app);

  let guard: Guard | null = null;
  app.addHook('onRequest', async (request, reply) => {
    // The guard needs the real port (Host and Origin checks), known once listening.
    const denied = guard ? guard.check(request.headers, request.routeOptions.config.auth ?? 'token') : { status: 503 as const, reason: 'Starting' };
    if (denied) {
      if (denied.status === 401) reply.header('WWW-Authenticate', 'Bearer');
      return replyError(reply, request.routeOptions.config.errors, denied.status, denied.reason);
    }
  });
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) options.logger.error('request failed', { error, path: request.url.split('?')[0] });
    return replyError(reply, request.routeOptions.config.errors, status, status === 500 ? 'Internal error; see the log' : clientMessage(error));
  });

  for (const route of options.routes) await app.register(async (scope) => route(scope));

  await app.listen({ port: options.port, host: options.host });
  const port = (app.server.address() as AddressInfo).port;
  guard = createGuard({ ...options, port });
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { port, url: `http://${shownHost}:${port}`, app, close: () => app.close() };
}

/** Fastify's own error texts, turned into a sentence an integrator can act on. */
function clientMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `Request body over the limit of this endpoint`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported Content-Type: send application/json';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'Request body is not valid JSON';
    default:
      return error.message;
  }
}

/**
 * JSON is the only body any route takes unless it registers its own parser: fastify's built-in
 * text/plain parser is removed, so text, XML and multipart get 415 instead of reaching a handler.
 * An empty JSON body counts as no input (`curl -X POST` on a method without input).
 */
function acceptJsonOnly(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  const json = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string).length === 0) return done(null, undefined);
    const depth = jsonDepth(body as string);
    if (depth > MAX_JSON_DEPTH) {
      return done(Object.assign(new Error(`JSON nested ${depth} levels deep; at most ${MAX_JSON_DEPTH} are accepted`), { statusCode: 400 }), undefined);
    }
    json(request, body as string, done);
  });
}

export { MAX_JSON_DEPTH };

/**
 * How deep a JSON text nests, counted without parsing (a loop, no recursion), so a body of 100,000
 * brackets is refused before anything walks it recursively. Brackets inside strings do not count.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i += 1; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth -= 1;
  }
  return max;
}
