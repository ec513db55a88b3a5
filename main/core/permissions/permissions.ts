import { Cron } from 'croner';
import type { CompanionApi, PermissionsStatus } from '../../../preload/contract';
import type { CoreContext } from '../context/context';
import type { CustobarClient } from '../custobar/client';
import type { CustobarRecord, ExportType } from '../custobar/types';
import type { Db } from '../db/database';
import type { OutboxItem } from '../outbox/outbox-store';
import type { CustomerCache } from '../customers/customer-cache';
import type { Customer } from '../customers/customer';
import { CompanionError } from '../common/errors';
import { toE164 } from '../common/phone';
import { ConsentLog } from './consent-log';
import { PermissionFiles } from './permission-files';
import { PermissionStore } from './permission-store';
import { pollPermissions, POLL_FIELDS, type PollProgress } from './poller';
import { toIncoming } from './incoming';
import { tillConsent, type KnownCustomer } from './till-consent';
import { coded, type CodedText } from '../context/coded-text';

type PermissionMethods = Pick<CompanionApi, 'customers.join' | 'customers.consent' | 'customers.consentLog' | 'permissions.status' | 'permissions.pollNow'>;

export interface PermissionsWiring {
  db: Db;
  /** The background (throttled) Custobar client the poll shares with the uploads. */
  client: () => CustobarClient | null;
  /** The cashier's lane, for looking up a joining customer's phone number without queueing. */
  lookupClient: () => CustobarClient | null;
  cache: CustomerCache;
  /** The outbox still holds a record with this key (waiting, in flight or dead-lettered). */
  inOutbox: (type: ExportType, key: string) => boolean;
  enqueue: (groups: { type: ExportType; records: CustobarRecord[] }[], source: string) => OutboxItem[];
  /** Custobar says a person is forgotten or deleted: the rest of the till forgets them too (campaign prompts). */
  forgotten?: (who: { externalId: string | null; phone: string | null; email: string | null }[]) => void;
}

const POS_CURSOR = 'pos_cursor';
const LAST_POLL = 'last_poll';
const WEBHOOK = 'webhook';

type LastPoll = NonNullable<PermissionsStatus['lastPoll']>;
type WebhookState = Omit<PermissionsStatus['webhook'], 'enabled'>;

/**
 * Marketing permissions between Custobar and the store: a scheduled poll of Custobar's customers
 * diffed against a local snapshot, Custobar's webhook, consents given at the till, and the change
 * feed the POS reads (HTTP cursor and an optional JSONL folder).
 */
export function createPermissions(ctx: CoreContext, requirePin: (pin: string | undefined) => void, wiring: PermissionsWiring) {
  const settings = () => ctx.settings.get();
  const now = () => ctx.now().getTime();
  const store = new PermissionStore(
    wiring.db,
    now,
    () => settings().permissions.holdMinutes * 60_000,
    (key) => wiring.inOutbox('customers', key),
    (who) => {
      // Every key the till knows the person by, read before the cache forgets them (as for exports).
      const known = wiring.cache.keysOf(who);
      wiring.cache.forgetPerson(who);
      wiring.forgotten?.([who, ...known]);
    },
  );
  const log = new ConsentLog(wiring.db, now);
  const files = new PermissionFiles(store, () => settings().permissions.outDir, ctx.logger.child('permissions'), ctx.now);
  const readJson = <T>(key: string): T | null => {
    const raw = store.meta(key);
    return raw ? (JSON.parse(raw) as T) : null;
  };
  let lastPoll = readJson<LastPoll>(LAST_POLL);
  let webhook: WebhookState = readJson<WebhookState>(WEBHOOK) ?? { lastCallAt: null, lastReceived: null, lastApplied: null };
  let polling: Promise<PollProgress | null> | null = null;
  let cron: Cron | null = null;
  const stopping = new AbortController();

  // Counting the changes the POS has not read walks the feed: done once per change, not per status read.
  let cached: PermissionsStatus | null = null;
  const changed = (): void => {
    cached = null;
    ctx.events.emit('permissions', status());
    for (const l of listeners) l();
  };
  const listeners = new Set<() => void>();

  function status(): PermissionsStatus {
    if (cached) return cached;
    const s = settings().permissions;
    cached = {
      schedule: s.schedule,
      nextPollAt: cron?.nextRun()?.toISOString() ?? null,
      polling: polling !== null,
      lastPoll,
      webhook: { enabled: Boolean(ctx.secrets.get('permissionsSecret')), ...webhook },
      waitingForPos: store.countSince(Number(store.meta(POS_CURSOR) ?? 0)),
      outDir: s.outDir,
      lastFile: files.lastFile,
      heldAtTill: store.holdCount(),
    };
    return cached;
  }

  /** One pass; a pass already running is joined rather than started twice. */
  function poll(): Promise<PollProgress | null> {
    if (polling) return polling;
    const client = wiring.client();
    if (!client?.configured) return Promise.resolve(null);
    const started: LastPoll = { startedAt: ctx.now().toISOString(), finishedAt: null, pages: 0, customers: 0, changes: 0, error: null, errorCode: null, errorParams: null };
    lastPoll = started;
    const run = async (): Promise<PollProgress | null> => {
      try {
        const result = await pollPermissions(client, store, {
          pageSize: settings().permissions.pageSize,
          defaultCountry: settings().general.defaultCountry,
          signal: stopping.signal,
          onPage: (p) => {
            lastPoll = { ...started, pages: p.pages, customers: p.customers, changes: p.changes };
            cached = null;
          },
        });
        lastPoll = { ...started, ...pick(result), finishedAt: ctx.now().toISOString() };
        if (result.changes > 0) ctx.logger.info(`permissions poll: ${result.changes} change(s) in ${result.customers} customer(s), ${result.pages} page(s)`);
        return result;
      } catch (error) {
        const why = (error as { outcome?: { why?: CodedText } }).outcome?.why ?? coded('permissions_poll_failed', (error as Error).message, { detail: (error as Error).message });
        const reason = why.text;
        lastPoll = { ...(lastPoll ?? started), finishedAt: ctx.now().toISOString(), error: reason, errorCode: why.code, errorParams: why.params };
        if (!stopping.signal.aborted) ctx.logger.warn(`permissions poll failed: ${reason}`);
        return null;
      } finally {
        store.setMeta(LAST_POLL, JSON.stringify(lastPoll));
        polling = null;
        await files.flush();
        changed();
      }
    };
    polling = run();
    changed();
    return polling;
  }

  function schedule(): void {
    cron?.stop();
    cron = null;
    const spec = settings().permissions.schedule;
    if (spec !== 'off') cron = new Cron(spec, { timezone: settings().general.storeTimeZone, protect: true }, () => void poll());
    changed();
  }

  let lastSchedule = JSON.stringify([settings().permissions.schedule, settings().general.storeTimeZone]);
  const offSettings = ctx.settings.onChange((s) => {
    const key = JSON.stringify([s.permissions.schedule, s.general.storeTimeZone]);
    if (key !== lastSchedule) {
      lastSchedule = key;
      schedule();
    } else changed();
  });

  async function findByPhone(phone: string): Promise<KnownCustomer | null> {
    const local = store.byPhone(phone);
    const cachedCustomer = wiring.cache.byPhone(phone);
    const nameOf = (c: Customer | null) => (c ? [c.firstName, c.lastName].filter(Boolean).join(' ') || null : null);
    if (local || cachedCustomer) {
      return { externalId: local?.externalId ?? cachedCustomer?.customerId ?? null, email: local?.email ?? cachedCustomer?.email ?? null, name: nameOf(cachedCustomer) };
    }
    const client = wiring.lookupClient();
    if (!client?.configured) return null;
    try {
      for await (const page of client.readPages('customers', { phone_number: phone, fields: `${POLL_FIELDS},first_name,last_name`, limit: '2' })) {
        const found = page.find((r) => r.is_forgotten !== true && r.is_deleted !== true);
        if (!found) return null;
        const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
        return { externalId: str(found.external_id), email: str(found.email), name: [str(found.first_name), str(found.last_name)].filter(Boolean).join(' ') || null };
      }
    } catch (error) {
      // Joining works offline: without an answer the customer is queued by phone, which Custobar
      // matches to an existing customer anyway.
      ctx.logger.debug(`join: phone lookup skipped (${(error as Error).message})`);
    }
    return null;
  }

  const till = tillConsent({
    ctx,
    store,
    log,
    enqueue: wiring.enqueue,
    findByPhone,
    changed: () => {
      void files.flush().then(changed);
      changed();
    },
  });

  const methods: PermissionMethods = {
    'customers.join': (input) => till.join(input),
    'customers.consent': (input) => till.consent(input),
    'customers.consentLog': async ({ phone_number, limit, pin }) => {
      requirePin(pin);
      const phone = phone_number ? toE164(phone_number, settings().general.defaultCountry) : undefined;
      if (phone_number && !phone) throw new CompanionError('invalid_input', `phone_number: "${phone_number}" is not a valid phone number`);
      return log.list({ phone: phone ?? undefined, limit });
    },
    'permissions.status': async () => status(),
    'permissions.pollNow': async () => {
      // 409, not 503: nothing is down; the app lacks what it needs until the manager sets it.
      if (!wiring.client()?.configured) throw new CompanionError('conflict', 'Custobar is not configured: set its address and token in Settings.', { reasonCode: 'custobar_unconfigured' });
      void poll();
      return { ok: true as const };
    },
  };

  return {
    store,
    methods,
    status,
    poll,
    onChange: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /**
     * The consents to show for a customer on the card, and when and where they last changed. A fresh
     * lookup (readAt) is Custobar's word, except where the snapshot knows of a change after it, or the
     * newest change is this till's own (Custobar can only echo it back: a later change there comes
     * in by poll or webhook, and then counts by its time). The till's cache is older than the snapshot.
     */
    consentView(customer: Customer, readAt: number | null): { consents: Customer['consents']; change: { at: string; source: 'poll' | 'webhook' | 'till' } | null } {
      const latest = store.latest({ externalId: customer.customerId, phone: customer.phone });
      if (!latest) return { consents: customer.consents, change: null };
      const known = {
        email: latest.consents.can_email,
        sms: latest.consents.can_sms,
        post: latest.consents.can_post,
        profile: latest.consents.can_profile,
        push: latest.consents.can_push,
      };
      const snapshotWins = readAt === null || latest.changedAt >= readAt || latest.source === 'till';
      const consents = { ...customer.consents };
      for (const [field, value] of Object.entries(known) as [keyof typeof known, boolean | null][]) {
        if (value !== null && snapshotWins) consents[field] = value;
      }
      const agrees = (Object.keys(known) as (keyof typeof known)[]).every((k) => consents[k] === null || known[k] === null || consents[k] === known[k]);
      return { consents, change: agrees ? { at: new Date(latest.changedAt).toISOString(), source: latest.source } : null };
    },

    /** GET /ingest/permissions: changes after the cursor; reading from a cursor confirms what is before it. */
    changesSince(since: string | undefined, limit: number): { changes: unknown[]; next: string } {
      const cursor = since === undefined || since === '' ? 0 : Number(since);
      const rows = store.changesSince(cursor, limit);
      if (cursor > Number(store.meta(POS_CURSOR) ?? 0)) {
        store.setMeta(POS_CURSOR, String(cursor));
        changed();
      }
      return { changes: rows.map((r) => r.change), next: String(rows.length ? rows[rows.length - 1]!.seq : Math.max(cursor, 0)) };
    },

    /** The webhook's shared secret; undefined = the webhook is off. */
    webhookSecret: (): string | undefined => ctx.secrets.get('permissionsSecret') || undefined,

    /** Custobar's push: full-state items, compared with the snapshot like a poll's page. */
    receiveWebhook(items: readonly unknown[]): { received: number; applied: number } {
      const country = settings().general.defaultCountry;
      const incoming = items.map((i) => toIncoming(i, country)).filter((i) => i !== null);
      const result = store.apply(incoming, 'webhook');
      webhook = { lastCallAt: ctx.now().toISOString(), lastReceived: items.length, lastApplied: result.applied };
      store.setMeta(WEBHOOK, JSON.stringify(webhook));
      void files.flush().then(changed);
      changed();
      return { received: items.length, applied: result.applied };
    },

    start: () => schedule(),
    close: async () => {
      offSettings();
      cron?.stop();
      stopping.abort();
      await polling;
      await files.flush();
    },
  };
}

const pick = ({ pages, customers, changes }: PollProgress) => ({ pages, customers, changes });
