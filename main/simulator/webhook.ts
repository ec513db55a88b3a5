import type { WebhookItem } from './permissions';

/** Custobar sends either a bare JSON array of items or {"items": [...]}; a receiver must take both. */
export type WebhookShape = 'array' | 'items';

export interface WebhookConfig {
  url: string;
  /** Sent as the raw Authorization header value, as Custobar does (no "Bearer"). */
  secret: string;
  shape?: WebhookShape;
}

export interface WebhookCall {
  at: string;
  url: string;
  shape: WebhookShape;
  items: WebhookItem[];
  /** The receiver's HTTP status, or null when no answer came (refused, timed out, simulator closing). */
  status: number | null;
  error?: string;
  /** The receiver's answer, parsed when it is JSON (the app answers {"received": n, "applied": m}). */
  reply?: unknown;
}

const CALL_LOG_LIMIT = 1000;
const TIMEOUT_MS = 10_000;

/** Reads POST /__sim/webhook's body; a null or empty url turns the webhook off. */
export function parseWebhookConfig(body: unknown): { config: WebhookConfig | null } | { problem: string } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (b.url === undefined || b.url === null || b.url === '') return { config: null };
  if (typeof b.url !== 'string') return { problem: 'url must be a string' };
  let url: URL;
  try {
    url = new URL(b.url);
  } catch {
    return { problem: 'url must be an absolute http(s) URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'url must be an absolute http(s) URL' };
  if (b.secret !== undefined && typeof b.secret !== 'string') return { problem: 'secret must be a string' };
  if (b.shape !== undefined && b.shape !== 'array' && b.shape !== 'items') return { problem: 'shape must be "array" or "items"' };
  return { config: { url: url.toString(), secret: (b.secret as string | undefined) ?? '', shape: (b.shape as WebhookShape | undefined) ?? 'items' } };
}

/**
 * Calls the app's marketing-permission webhook the way Custobar does: the full current state of each changed
 * customer, the shared secret raw in Authorization. Calls go one at a time in the order the changes happened,
 * so a receiver never gets an older state after a newer one.
 *
 * A failed call is recorded and logged, never retried: how a real Custobar retries (if at all) is not
 * documented, and a guessed retry policy would let the app pass tests against behaviour Custobar may not have.
 */
export class WebhookCaller {
  private config: Required<WebhookConfig> | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly closing = new AbortController();

  constructor(
    /** Shared with the state, so GET /__sim/state shows the calls and a reset clears them. */
    private readonly calls: WebhookCall[],
    private readonly log: (line: string) => void,
  ) {}

  configure(config: WebhookConfig | null): void {
    this.config = config ? { url: config.url, secret: config.secret, shape: config.shape ?? 'items' } : null;
  }

  /** The current target, without the secret (GET /__sim/webhook and /__sim/state show it). */
  target(): { url: string; shape: WebhookShape } | null {
    return this.config ? { url: this.config.url, shape: this.config.shape } : null;
  }

  /** Queues one call with these items; resolves with its record once answered, or null when no webhook is set. */
  send(items: WebhookItem[]): Promise<WebhookCall | null> {
    const config = this.config;
    if (!config || items.length === 0) return Promise.resolve(null);
    const call = this.tail.then(() => this.post(config, items));
    this.tail = call;
    return call;
  }

  /** Resolves once every queued call has been answered or has failed. */
  async idle(): Promise<void> {
    await this.tail;
  }

  /** Ends calls in flight, so closing the simulator never waits for a slow receiver. */
  async close(): Promise<void> {
    this.closing.abort();
    await this.tail;
  }

  private async post(config: Required<WebhookConfig>, items: WebhookItem[]): Promise<WebhookCall> {
    const call: WebhookCall = { at: new Date().toISOString(), url: config.url, shape: config.shape, items, status: null };
    const answer = await postHook(config.url, config.secret, config.shape === 'array' ? items : { items }, this.closing.signal);
    Object.assign(call, answer);
    if (answer.error) this.log(`webhook ${config.url} failed for ${items.length} item(s): ${answer.error}`);
    else if (answer.status !== null && (answer.status < 200 || answer.status >= 300)) this.log(`webhook ${config.url} answered ${answer.status} for ${items.length} item(s)`);
    this.calls.push(call);
    if (this.calls.length > CALL_LOG_LIMIT) this.calls.splice(0, this.calls.length - CALL_LOG_LIMIT);
    return call;
  }
}

/** One POST of a webhook body, as Custobar sends it (the secret raw in Authorization): the answer, parsed when JSON, or the error; never throws. */
export async function postHook(url: string, secret: string, body: unknown, closing: AbortSignal): Promise<{ status: number | null; reply?: unknown; error?: string }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(secret ? { Authorization: secret } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), closing]),
      redirect: 'manual',
    });
    const text = await res.text();
    let reply: unknown;
    try {
      reply = JSON.parse(text);
    } catch {
      reply = text.slice(0, 2000);
    }
    return { status: res.status, reply };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { status: null, error: `${error instanceof Error ? error.message : String(error)}${cause}` };
  }
}
