import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerToken, sendJson } from '../http/node-http';
import type { Logger } from '../logging/logger';
import { handleIngest, type IngestFn } from './ingest-http';

/**
 * The Electron app's loopback ingest endpoint (service mode serves /ingest/ on its own port).
 * Loopback only, bearer token required, browser origins refused: a web page open on the till must
 * not be able to push records.
 */
export async function startIngestServer(options: { port: number; token: string; ingest: IngestFn; logger: Logger }): Promise<{ port: number; close(): Promise<void> }> {
  const expected = Buffer.from(options.token);
  const server = http.createServer((req, res) => {
    const given = Buffer.from(bearerToken(req) ?? '');
    if (req.headers.origin !== undefined) return sendJson(res, 403, { error: { reason: 'Browser requests are refused' } });
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return sendJson(res, 401, { error: { reason: 'Missing or wrong token' } }, { 'WWW-Authenticate': 'Bearer' });
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'POST' || !url.pathname.startsWith('/ingest/')) return sendJson(res, 404, { error: { reason: 'POST /ingest/<type>' } });
    handleIngest(req, res, url.pathname.slice('/ingest/'.length), options.ingest).catch((error: unknown) => {
      options.logger.error('ingest failed', { error });
      if (!res.headersSent) sendJson(res, 500, { error: { reason: 'internal error; see the log' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
