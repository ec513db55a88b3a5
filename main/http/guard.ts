import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { bearerToken } from '../core/http/node-http';

/**
 * Request checks for service mode. The API is on loopback, but any web page the till's browser
 * opens can send requests to 127.0.0.1: the Origin check stops those (403), the bearer token stops
 * everything else that does not hold the printed URL (401), and the Host check stops DNS rebinding.
 */
export interface Guard {
  /** null when allowed; otherwise the HTTP status and reason. */
  check(req: IncomingMessage, needsToken: boolean): { status: 401 | 403; reason: string } | null;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export function createGuard(host: string, port: number, token: string): Guard {
  const names = isLoopbackHost(host) ? [...new Set([host, ...LOOPBACK_NAMES])] : [host];
  const allowedHosts = new Set(names.map((n) => `${n}:${port}`));
  const allowedOrigins = new Set(names.map((n) => `http://${n}:${port}`));
  const expected = Buffer.from(token);

  return {
    check(req, needsToken) {
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedOrigins.has(origin)) return { status: 403, reason: 'Foreign origin refused' };
      const hostHeader = req.headers.host;
      if (isLoopbackHost(host) && hostHeader !== undefined && !allowedHosts.has(hostHeader)) {
        return { status: 403, reason: 'Unexpected Host header' };
      }
      if (!needsToken) return null;
      const given = bearerToken(req);
      const givenBuf = Buffer.from(given ?? '');
      if (given === null || givenBuf.length !== expected.length || !timingSafeEqual(givenBuf, expected)) {
        return { status: 401, reason: 'Missing or wrong API token' };
      }
      return null;
    },
  };
}
