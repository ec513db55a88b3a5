import { parseWebhookConfig, postHook, type WebhookConfig } from './webhook';

/** One push of campaign prompts to the app, as the simulator made it. */
export interface CampaignCall {
  at: string;
  url: string;
  body: unknown;
  /** The receiver's HTTP status, or null when no answer came. */
  status: number | null;
  error?: string;
  /** The receiver's answer (the app answers {"received", "stored", "unchanged", "refused", "errors"}). */
  reply?: unknown;
}

const CALL_LOG_LIMIT = 200;

/**
 * The Custobar side of push campaigns: a body (any shape: a tenant shapes its own) is posted to the
 * app's campaigns webhook with the shared secret raw in Authorization, as the permissions webhook is.
 * Calls go one at a time; a failed call is recorded, never retried.
 */
export class CampaignDesk {
  private config: { url: string; secret: string } | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly closing = new AbortController();
  readonly calls: CampaignCall[] = [];

  constructor(private readonly log: (line: string) => void) {}

  /** Points the pushes at the app's POST /webhooks/campaigns, or turns them off with null. */
  configure(config: WebhookConfig | null): void {
    const parsed = parseWebhookConfig(config);
    if ('problem' in parsed) throw new Error(`campaigns webhook: ${parsed.problem}`);
    this.config = parsed.config ? { url: parsed.config.url, secret: parsed.config.secret } : null;
  }

  target(): { url: string } | null {
    return this.config ? { url: this.config.url } : null;
  }

  /** Pushes one body; resolves with the call once answered, or null when no webhook is set. */
  send(body: unknown): Promise<CampaignCall | null> {
    const config = this.config;
    if (!config) return Promise.resolve(null);
    const call = this.tail.then(() => this.post(config, body));
    this.tail = call;
    return call;
  }

  async close(): Promise<void> {
    this.closing.abort();
    await this.tail;
  }

  private async post(config: { url: string; secret: string }, body: unknown): Promise<CampaignCall> {
    const call: CampaignCall = { at: new Date().toISOString(), url: config.url, body, status: null };
    const answer = await postHook(config.url, config.secret, body, this.closing.signal);
    Object.assign(call, answer);
    if (answer.error) this.log(`campaigns webhook ${config.url} failed: ${answer.error}`);
    else if (answer.status !== null && (answer.status < 200 || answer.status >= 300)) this.log(`campaigns webhook ${config.url} answered ${answer.status}`);
    this.calls.push(call);
    if (this.calls.length > CALL_LOG_LIMIT) this.calls.splice(0, this.calls.length - CALL_LOG_LIMIT);
    return call;
  }
}
