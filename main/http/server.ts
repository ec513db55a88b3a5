import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ContractResult } from '../../preload/contract';
import { httpStatusFor, type Dispatch } from '../core/contract-dispatch';
import type { CompanionEvents } from '../core/context/events';
import { BodyError, readJson, sendJson } from '../core/http/node-http';
import type { Logger } from '../core/logging/logger';
import { createGuard } from './guard';
import { openEventStream } from './sse';
import { securityHeaders, serveStatic } from './static-files';

/** An authenticated route beside the contract, e.g. POST /ingest/<type>. */
export interface ExtraRoute {
  method: 'GET' | 'POST';
  prefix: string;
  handle(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void>;
}

export interface ServiceServerOptions {
  host: string;
  port: number;
  token: string;
  rendererDir: string;
  dispatch: Dispatch;
  events: CompanionEvents;
  logger: Logger;
  routes?: ExtraRoute[];
}

export interface ServiceServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * Service mode's HTTP face: the UI (static, public), the contract as POST /api/<method>, its events
 * as SSE on GET /api/events, and extra authenticated routes. Listening first, so the real port is
 * known before the guard (which checks Origin and Host against it) is built.
 */
export async function startServiceServer(options: ServiceServerOptions): Promise<ServiceServer> {
  const closeStreams = new Set<() => void>();
  let guard = createGuard(options.host, options.port, options.token);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const isApi = url.pathname.startsWith('/api/');
    const extra = options.routes?.find((r) => url.pathname.startsWith(r.prefix));
    const denied = guard.check(req, isApi || extra !== undefined);
    if (denied) {
      const headers: Record<string, string> = denied.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
      return sendJson(res, denied.status, { ok: false, error: { code: denied.status === 401 ? 'unauthorized' : 'forbidden', message: denied.reason } }, headers);
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      const close = openEventStream(res, options.events, securityHeaders);
      closeStreams.add(close);
      res.on('close', () => closeStreams.delete(close));
      return;
    }
    if (isApi) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'invalid_input', message: 'Use POST' } }, { Allow: 'POST' });
      const result: ContractResult<unknown> = await options.dispatch(url.pathname.slice('/api/'.length), await readJson(req));
      return sendJson(res, result.ok ? 200 : httpStatusFor[result.error.code], result, securityHeaders);
    }
    if (extra) {
      if (req.method !== extra.method) return sendJson(res, 405, { error: `Use ${extra.method}` }, { Allow: extra.method });
      return extra.handle(req, res, url.pathname.slice(extra.prefix.length));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'Method not allowed' });
    serveStatic(options.rendererDir, url.pathname, res);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof BodyError) {
        return sendJson(res, error.status, { ok: false, error: { code: 'invalid_input', message: error.message } });
      }
      options.logger.error('request failed', { error, path: req.url?.split('?')[0] });
      sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'Internal error; see the log' } });
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  guard = createGuard(options.host, port, options.token);
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    port,
    url: `http://${shownHost}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const close of closeStreams) close();
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
