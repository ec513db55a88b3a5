/**
 * Where the two requests go, from the one collector URL in the settings. The rule is the one the
 * OTel SDKs apply to OTEL_EXPORTER_OTLP_ENDPOINT, so an address copied from a collector's docs works:
 *   - a base URL (http://collector:4318, or with a path prefix, http://gw/otlp) gets /v1/metrics and
 *     /v1/logs appended to its path;
 *   - a URL whose path already ends in /v1/metrics (or /v1/logs) is that signal's endpoint as is,
 *     and the other signal goes to the sibling path (…/v1/logs, …/v1/metrics).
 * A trailing slash is ignored; a query string is kept on both.
 */

export interface OtlpEndpoints {
  metrics: string;
  logs: string;
}

const SIGNALS = ['/v1/metrics', '/v1/logs'] as const;

/** Throws a TypeError for anything but an http(s) URL: a settings mistake to show at start, not per push. */
export function otlpEndpoints(url: string): OtlpEndpoints {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TypeError(`OTLP collector URL must be http or https: ${describeUrl(url)}`);
  let base = parsed.pathname.replace(/\/+$/, '');
  const signal = SIGNALS.find((end) => base.endsWith(end));
  if (signal) base = base.slice(0, -signal.length);
  const at = (path: string): string => {
    const endpoint = new URL(parsed);
    endpoint.pathname = `${base}${path}`;
    return endpoint.toString();
  };
  return { metrics: at('/v1/metrics'), logs: at('/v1/logs') };
}

/** The URL for a message: no user:password, no query (either may hold a token). */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(not a URL)';
  }
}
