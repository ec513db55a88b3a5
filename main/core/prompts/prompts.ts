import { Cron } from 'croner';
import type { CompanionApi, CheckoutState, PromptView } from '../../../preload/contract';
import type { CoreContext } from '../context/context';
import type { Customer } from '../customers/customer';
import type { Db } from '../db/database';
import { CompanionError } from '../common/errors';
import { formatInZone } from '../common/dates';
import { phoneKey } from '../common/phone';
import { readCampaignBody, type ItemError } from './intake';
import { PromptStore, type PromptAnswer, type PromptCustomer, type PromptRow } from './prompt-store';
import { originOf } from '../settings/secret-origins';

type PromptMethods = Pick<CompanionApi, 'prompts.respond' | 'prompts.stats'>;

/** What the prompts need of the checkout: the customer on the card, and showing what changed. */
export interface PromptCheckout {
  get(): CheckoutState;
  currentCustomer(): Customer | null;
  refreshPrompts(): void;
  dropPrompt(promptId: string): CheckoutState;
}

export interface PromptsWiring {
  db: Db;
  checkout: PromptCheckout;
  /** Queues a Custobar event through the outbox (throws when it cannot be queued). */
  exportEvent: (record: Record<string, unknown>) => void;
}

/** What a push (or a pull) of prompts did, item by item. */
export interface ReceiveResult {
  received: number;
  /** New prompts, or newer ones replacing a campaign's older prompt for the same customer. */
  stored: number;
  /** The very same prompt again: kept as it was (answered ones stay answered). */
  unchanged: number;
  refused: number;
  /** What was wrong with each refused item (the first 100). */
  errors: ItemError[];
}

const CUSTOMER_ID = /^[A-Za-z0-9-]{1,255}$/;
const DAY_MS = 86_400_000;
/** A prompt without an end is not kept for ever: it goes this long after it came. */
const KEEP_UNDATED_MS = 180 * DAY_MS;
/** The per-day counts are kept this long (the manager view reads 7 days). */
const KEEP_COUNTS_DAYS = 400;
const PURGE_EVERY_MS = 3_600_000;
const PULL_TIMEOUT_MS = 30_000;
const PULL_MAX_BYTES = 16 * 1024 * 1024;
const MAX_ERRORS = 100;

/**
 * Campaign prompts: a Custobar push campaign (webhook, or a pull on a schedule) asks the till to tell a
 * customer something; the prompt shows on the checkout when that customer's card is scanned, and the
 * cashier's answer ("told the customer" or "dismiss") goes back to Custobar as an event through the
 * outbox, with this shop and till, so the campaign's results include the till.
 */
export function createPrompts(ctx: CoreContext, wiring: PromptsWiring) {
  const settings = () => ctx.settings.get();
  const now = () => ctx.now().getTime();
  const zone = () => settings().general.storeTimeZone;
  const dayOf = (ms: number): string => formatInZone(ms, zone()).slice(0, 10);
  const store = new PromptStore(wiring.db, now, dayOf);
  const logger = ctx.logger.child('prompts');
  let cron: Cron | null = null;
  let pulling: Promise<ReceiveResult | null> | null = null;
  const stopping = new AbortController();

  const view = (row: PromptRow): PromptView => ({
    id: row.id,
    campaignId: row.campaign_id,
    message: row.message,
    validUntil: row.valid_until === null ? null : formatInZone(row.valid_until, zone()),
  });

  const keysOf = (customer: Customer): PromptCustomer => {
    const phone = customer.phone ? phoneKey(customer.phone, settings().general.defaultCountry) : null;
    return { externalId: customer.customerId, phone, email: customer.email?.trim().toLowerCase() || null };
  };

  /**
   * The open prompts of a customer now on the card; they count as shown. The read is synchronous; the
   * write that marks them shown (a commit, an fsync) waits until the benefits request has gone out.
   */
  function forCustomer(customer: Customer): PromptView[] {
    try {
      const rows = store.openFor(keysOf(customer));
      if (rows.some((r) => r.state === 'new')) {
        setImmediate(() => {
          try {
            store.markShown(rows);
          } catch (error) {
            logger.warn('campaign prompts could not be marked shown', { error });
          }
        });
      }
      return rows.map(view);
    } catch (error) {
      logger.warn('campaign prompts could not be read for the customer on the card', { error });
      return [];
    }
  }

  /** A body from the webhook or the pull, read through the mapping setting. */
  function receive(body: unknown, source: 'webhook' | 'pull' | 'demo'): ReceiveResult | { problem: string } {
    const general = settings().general;
    const read = readCampaignBody(body, settings().campaigns.mapping, { defaultCountry: general.defaultCountry, timeZone: general.storeTimeZone, now: now() });
    if ('problem' in read) return read;
    let stored = 0;
    store.transaction(() => {
      for (const { prompt } of read.prompts) if (store.put(prompt) === 'stored') stored += 1;
    });
    const result: ReceiveResult = {
      received: read.received,
      stored,
      unchanged: read.prompts.length - stored,
      refused: read.errors.length,
      errors: read.errors.slice(0, MAX_ERRORS),
    };
    if (stored > 0 || result.refused > 0) logger.info(`campaign prompts by ${source}: ${read.received} received, ${stored} stored, ${result.refused} refused`);
    if (stored > 0) wiring.checkout.refreshPrompts();
    return result;
  }

  /** One read of the pull address; a read already running is joined. Null when the pull is off. */
  function pull(): Promise<ReceiveResult | null> {
    if (pulling) return pulling;
    const url = settings().campaigns.pullUrl;
    if (!url) return Promise.resolve(null);
    const run = async (): Promise<ReceiveResult | null> => {
      try {
        const secret = ctx.secrets.get('campaignsSecret');
        const res = await fetch(url, {
          headers: { accept: 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
          // The bearer token is for this address only: a redirect elsewhere is not followed.
          redirect: 'error',
          signal: AbortSignal.any([AbortSignal.timeout(PULL_TIMEOUT_MS), stopping.signal]),
        });
        if (!res.ok) throw new Error(`${originOf(url) || 'the pull address'} answered ${res.status}`);
        const text = await readLimited(res, PULL_MAX_BYTES);
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw new Error(`${originOf(url) || 'the pull address'} did not answer with JSON`);
        }
        const result = receive(body, 'pull');
        if ('problem' in result) throw new Error(result.problem);
        ctx.warnings.clear('campaigns_pull');
        return result;
      } catch (error) {
        if (stopping.signal.aborted) return null;
        const detail = (error as Error).cause instanceof Error ? `${(error as Error).message}: ${((error as Error).cause as Error).message}` : (error as Error).message;
        logger.warn(`campaign prompts could not be pulled: ${detail}`);
        ctx.warnings.raise('campaigns_pull', `Campaign prompts could not be read from the pull address: ${detail}`, { detail });
        return null;
      } finally {
        pulling = null;
      }
    };
    pulling = run();
    return pulling;
  }

  function schedule(): void {
    cron?.stop();
    cron = null;
    const { pullUrl, pullSchedule } = settings().campaigns;
    if (pullUrl && pullSchedule !== 'off') cron = new Cron(pullSchedule, { timezone: zone(), protect: true }, () => void pull());
    else ctx.warnings.clear('campaigns_pull');
  }
  let lastSchedule = '';
  const scheduleKey = () => JSON.stringify([settings().campaigns.pullUrl, settings().campaigns.pullSchedule, zone()]);
  const offSettings = ctx.settings.onChange(() => {
    const key = scheduleKey();
    if (key === lastSchedule) return;
    lastSchedule = key;
    schedule();
  });

  function purge(): number {
    const at = now();
    const n = store.purge(at - KEEP_UNDATED_MS, dayOf(at - KEEP_COUNTS_DAYS * DAY_MS));
    if (n > 0) {
      logger.info(`purged ${n} expired campaign prompt(s)`);
      wiring.checkout.refreshPrompts();
    }
    return n;
  }
  let purgeTimer: NodeJS.Timeout | null = null;

  const notOpen = () => new CompanionError('not_found', 'This prompt is no longer here: it expired, the campaign replaced it, or the customer was forgotten.', { reasonCode: 'prompt_not_found' });

  const methods: PromptMethods = {
    'prompts.respond': async ({ promptId, response }) => {
      const row = store.get(promptId);
      if (!row) throw notOpen();
      // A double click: the first answer counts, the second changes nothing.
      if (row.state === response) return wiring.checkout.dropPrompt(promptId);
      if (row.state === 'told' || row.state === 'dismissed') {
        throw new CompanionError('conflict', `This prompt was already answered (${row.state}).`, { reasonCode: 'prompt_answered' });
      }
      if (row.valid_until !== null && row.valid_until <= now()) throw notOpen();
      if (!wiring.checkout.get().prompts.some((p) => p.id === promptId)) {
        throw new CompanionError('conflict', 'This prompt is not on the checkout: scan the customer’s card first.', { reasonCode: 'prompt_not_on_checkout' });
      }
      const event = answerEvent(row, response, wiring.checkout.currentCustomer());
      store.transaction(() => {
        if (!store.answer(row, response)) throw notOpen();
        wiring.exportEvent(event);
      });
      logger.info(`campaign ${row.campaign_id}: prompt ${response}`);
      return wiring.checkout.dropPrompt(promptId);
    },
    'prompts.stats': async () => {
      const today = dayOf(now());
      const [y, m, d] = today.split('-').map(Number) as [number, number, number];
      const weekStart = new Date(Date.UTC(y, m - 1, d - 6)).toISOString().slice(0, 10);
      return { campaigns: store.stats(today, weekStart) };
    },
  };

  /** The Custobar event of an answer: who (as the campaign named them), which campaign, this shop and till. */
  function answerEvent(row: PromptRow, response: PromptAnswer, customer: Customer | null): Record<string, unknown> {
    const s = settings().campaigns;
    const { shopId, tillId } = ctx.ids();
    const id = [row.external_id, customer?.customerId].find((v): v is string => typeof v === 'string' && CUSTOMER_ID.test(v));
    const phone = row.phone ?? (customer ? keysOf(customer).phone : null);
    const email = row.email ?? (customer ? keysOf(customer).email : null);
    const who = id ? { customer_id: id } : phone ? { phone_number: phone } : { email: email! };
    return {
      type: response === 'told' ? s.shownEventType : s.dismissedEventType,
      date: ctx.now().toISOString(),
      ...who,
      // One answer per prompt: a resend of this event is recognised as the same one.
      external_id: `prompt-${row.id}`,
      campaign_id: row.campaign_id,
      shop_id: shopId,
      till_id: tillId,
    };
  }

  return {
    store,
    methods,
    forCustomer,
    receive,
    pull,
    purge,
    /** The webhook's shared secret; undefined = the webhook is off. */
    webhookSecret: (): string | undefined => ctx.secrets.get('campaignsSecret') || undefined,
    receiveWebhook: (body: unknown) => receive(body, 'webhook'),
    /** Custobar says these people are forgotten or deleted: their prompts go at once. */
    forget(people: readonly PromptCustomer[]): number {
      let n = 0;
      store.transaction(() => {
        for (const who of people) n += store.forget(who);
      });
      if (n > 0) wiring.checkout.refreshPrompts();
      return n;
    },
    start: () => {
      purge();
      purgeTimer = setInterval(() => {
        try {
          purge();
        } catch (error) {
          logger.warn('campaign prompts could not be purged', { error });
        }
      }, PURGE_EVERY_MS);
      purgeTimer.unref();
      lastSchedule = scheduleKey();
      schedule();
    },
    close: async () => {
      offSettings();
      cron?.stop();
      if (purgeTimer) clearInterval(purgeTimer);
      stopping.abort();
      await pulling;
    },
  };
}

/** The answer's text, refused once it passes the limit (a pull address must not fill the till's memory). */
async function readLimited(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new Error(`the answer is ${declared} bytes, over the limit of ${maxBytes}`);
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`the answer is over the limit of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
