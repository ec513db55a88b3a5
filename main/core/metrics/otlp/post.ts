/**
 * One OTLP/HTTP JSON request with Node's global fetch. Never throws: the exporter only needs to know
 * whether it was accepted, whether sending the same batch again could ever succeed, and whether the
 * collector answered at all (if it did not, the other signal's request would only wait out its
 * timeout too).
 */

export type PostResult = { ok: true } | { ok: false; error: string; retryable: boolean; answered: boolean };

// Of an answer body only this much is read: enough for an OTLP error Status's message; an endless
// or huge body must not be buffered.
const MAX_ANSWER_CHARS = 1024;

/**
 * 429 (throttled) and 408 (request timeout) say "later"; any other 4xx says this batch will never be
 * accepted (malformed, unauthorised, wrong path), so it is dropped rather than resent forever. 5xx is
 * the collector's trouble and is retried.
 */
export function isRetryableStatus(status: number): boolean {
  return status < 400 || status >= 500 || status === 429 || status === 408;
}

/** Never throws: once the status is in, a body that breaks off or stalls changes nothing. */
async function readSome(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < MAX_ANSWER_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // the status decides; the body was only for the message
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return text.slice(0, MAX_ANSWER_CHARS);
}

export function describeError(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (error.name === 'AbortError') return 'stopped';
  // fetch's own message is just "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND) is the cause.
  // Trying several addresses (localhost: ::1 and 127.0.0.1) makes it an AggregateError with only a code.
  const cause = error.cause as (Error & { code?: string }) | undefined;
  if (!(cause instanceof Error)) return error.message;
  const reason = cause.message ? (cause.code && !cause.message.includes(cause.code) ? `${cause.code} ${cause.message}` : cause.message) : (cause.code ?? cause.name);
  return `${error.message}: ${reason}`;
}

export async function postJson(url: string, body: unknown, signal: AbortSignal, timeoutMs: number, headers: Record<string, string> = {}): Promise<PostResult> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal });
    // The answer is read (a little of it) so the keep-alive connection can be used again.
    // A 2xx may carry a partialSuccess (some points rejected); there is nothing to resend then, so it is not read.
    const answer = (await readSome(response)).trim();
    if (response.ok) return { ok: true };
    const detail = answer ? `: ${answer.replace(/\s+/g, ' ').slice(0, 200)}` : '';
    return { ok: false, error: `HTTP ${response.status}${detail}`, retryable: isRetryableStatus(response.status), answered: true };
  } catch (error) {
    return { ok: false, error: describeError(error, timeoutMs), retryable: true, answered: false };
  }
}
