import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The one check every request passes before its route runs. The servers listen on loopback, but any
 * web page the till's browser opens can send requests to 127.0.0.1: the Origin check stops those
 * (403), the bearer token stops everything else that does not hold it (401), and the Host check
 * stops DNS rebinding (a hostile name resolving to 127.0.0.1 would otherwise pass as same-origin).
 */
export interface GuardOptions {
  /** The address the server is bound to. */
  host: string;
  port: number;
  /** Bearer token every protected route requires. */
  token: string;
  /**
   * Browser pages allowed to call: the service serves its own UI and accepts its own origin; the
   * desktop app's ingest port serves no page, so it refuses every browser request.
   */
  allowOwnOrigin: boolean;
}

export type Denial = { status: 401 | 403 | 503; reason: string };

export interface Guard {
  /**
   * null when allowed; otherwise the status and the reason. 'token' routes need the bearer token,
   * 'public' ones (the UI's files) do not; 'secret' routes (Custobar's webhook) check their own
   * shared secret and may come through a proxy under a public host name, so only browsers are refused.
   */
  check(headers: IncomingHttpHeaders, auth: 'token' | 'public' | 'secret'): Denial | null;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** `Authorization: <scheme> <token>` → token, accepting any of the given schemes (case-insensitive). */
export function bearerToken(header: string | undefined, schemes: readonly string[] = ['Bearer']): string | null {
  if (!header) return null;
  const match = /^(\S+)\s+(.+)$/.exec(header.trim());
  if (!match || !schemes.some((s) => s.toLowerCase() === match[1]!.toLowerCase())) return null;
  return match[2]!;
}

/** A webhook's shared secret as Custobar's plugins send it: the raw secret in Authorization, or "Bearer <secret>". */
export function webhookSecretMatches(header: string | undefined, secret: string): boolean {
  return sameSecret(header?.trim() ?? null, secret) || sameSecret(bearerToken(header), secret);
}

/** Constant-time comparison, so the time an answer takes says nothing about how much of a guess was right. */
export function sameSecret(given: string | null, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return given !== null && b.length > 0 && a.length === b.length && timingSafeEqual(a, b);
}

export function createGuard(options: GuardOptions): Guard {
  const { host, port, token } = options;
  const names = isLoopbackHost(host) ? [...new Set([host.includes(':') ? `[${host}]` : host, ...LOOPBACK_NAMES])] : [host];
  const allowedHosts = new Set(names.map((n) => `${n}:${port}`));
  const allowedOrigins = new Set(options.allowOwnOrigin ? names.map((n) => `http://${n}:${port}`) : []);

  return {
    check(headers, auth) {
      const origin = headers.origin;
      if (origin !== undefined && !allowedOrigins.has(origin)) {
        return { status: 403, reason: options.allowOwnOrigin ? 'Foreign origin refused' : 'Browser requests are refused' };
      }
      if (auth === 'secret') return null;
      if (isLoopbackHost(host) && headers.host !== undefined && !allowedHosts.has(headers.host)) {
        return { status: 403, reason: 'Unexpected Host header' };
      }
      if (auth === 'public') return null;
      if (!sameSecret(bearerToken(headers.authorization), token)) return { status: 401, reason: 'Missing or wrong API token' };
      return null;
    },
  };
}
