import type { CompanionApi } from '../../../preload/contract';
import { BenefitsClient } from '../benefits/benefits-client';
import { RedemptionStore } from '../benefits/redemption-store';
import { Redemptions } from '../benefits/redemptions';
import type { CoreContext } from '../context/context';
import { CustomerCache } from '../customers/customer-cache';
import { fromCustobar, type CustomerSource } from '../customers/customer';
import { custobarSource, lookupClient } from '../customers/custobar-source';
import { CustomerResolver } from '../customers/resolver';
import { CustomerActivity, type ActivityOutbox } from '../customers/activity';
import { solteqSource } from '../customers/solteq-source';
import type { Db } from '../db/database';
import type { OutboxItem } from '../outbox/outbox-store';
import type { ScanIntake } from '../scanning/scan-intake';
import { Checkout, type CheckoutDeps } from './checkout';
import { memoByInputs } from '../common/memo';

type CheckoutMethods = Pick<
  CompanionApi,
  'checkout.get' | 'checkout.new' | 'checkout.redeem' | 'checkout.cancel' | 'redemptions.void' | 'redemptions.today' | 'redemptions.audit' | 'redemptions.conflicts' | 'customers.activity'
>;

export interface CheckoutWiring {
  db: Db;
  /** The manager PIN check (voids, when benefits.voidNeedsPin is on). */
  requirePin: (pin: string | undefined) => void;
  intake: ScanIntake;
  /** Queues a Custobar event through the outbox. */
  exportEvent: (record: Record<string, unknown>) => void;
  /** Shows the latest known consent on the card (the permissions capability). */
  consentView?: CheckoutDeps['consentView'];
  /** Campaign prompts for the customer on the card (the prompts capability). */
  prompts?: CheckoutDeps['prompts'];
  /** This till's sales not delivered yet, for the card's recent activity (the exports' outbox). */
  outbox?: ActivityOutbox;
}

/** The checkout capability: customers, benefits, redemptions and the cashier's contract methods. */
export function createCheckout(ctx: CoreContext, wiring: CheckoutWiring) {
  const settings = () => ctx.settings.get();
  const now = () => ctx.now().getTime();
  const cache = new CustomerCache(wiring.db, () => settings().customers.cacheTtlHours * 3_600_000, now);
  const solteq = solteqSource(() => settings().customers.solteq, () => ctx.secrets.get('solteqClientSecret'), () => settings().customers.lookupTimeoutMs, now);
  // The lookup lane: its own client, so a lookup never waits on the upload throttle or a drain.
  const custobarLookups = lookupClient(() => settings().custobar, () => ctx.secrets.get('custobarToken'), () => settings().customers.lookupTimeoutMs);
  const custobar = custobarSource(custobarLookups, () => settings().customers.cardField);
  const source = (): CustomerSource | null => ({ custobar, solteq, cache: null })[settings().customers.source];
  const resolver = new CustomerResolver(source, cache, () => settings().customers.lookupTimeoutMs);

  const benefits = memoByInputs(
    () => ({ baseUrl: settings().benefits.baseUrl, timeoutMs: settings().benefits.timeoutMs, token: ctx.secrets.get('benefitsToken') }),
    ({ baseUrl, timeoutMs, token }): BenefitsClient | null => (baseUrl ? new BenefitsClient(baseUrl, token, timeoutMs) : null),
  );

  let checkout: Checkout | null = null;
  const store = new RedemptionStore(wiring.db, now);
  const redemptions = new Redemptions({
    store,
    client: benefits,
    settings,
    ids: ctx.ids,
    connection: ctx.connections.benefits,
    warnings: ctx.warnings,
    exportEvent: wiring.exportEvent,
    logger: ctx.logger.child('redemptions'),
    metrics: ctx.metrics,
    onChange: (view) => {
      ctx.events.emit('redemption', view);
      checkout?.onRedemption(view);
    },
    now,
  });
  checkout = new Checkout({
    resolver,
    benefits,
    redemptions,
    connection: ctx.connections.benefits,
    metrics: ctx.metrics,
    onChange: (state) => ctx.events.emit('checkout', state),
    consentView: (c, fresh) => wiring.consentView?.(c, fresh) ?? { consents: c.consents, change: null },
    prompts: (c) => wiring.prompts?.(c) ?? [],
  });
  const active = checkout;
  const offScan = wiring.intake.onScan((scan) => active.onScan(scan));

  // The card's recent activity, after the benefits: a lookup-lane client of its own, so its reads
  // never take a connection the next customer lookup needs, and never wait on the upload throttle.
  const activity = new CustomerActivity({
    settings: () => settings().customers,
    customer: (cardId) => resolver.cached(cardId),
    client: lookupClient(() => settings().custobar, () => ctx.secrets.get('custobarToken'), () => settings().customers.lookupTimeoutMs),
    outbox: () => wiring.outbox ?? null,
    benefitsLoading: () => active.get().benefitsState === 'loading',
    benefitsSettled: () => active.benefitsSettled(),
    // By then the benefits are answered or failed (the lookup, then the benefits request, each with its time limit).
    settleLimitMs: () => settings().customers.lookupTimeoutMs + settings().benefits.timeoutMs + 1000,
    now,
    logger: ctx.logger.child('activity'),
  });
  const offForget = cache.onForget((who) => activity.forget(who));

  /** Customers in exports feed the cache (by the card field); a forgotten customer is removed at once. */
  const customersExported = (items: readonly OutboxItem[]): void => {
    const field = settings().customers.cardField;
    const forgotten = items.filter((i) => i.record.is_forgotten === true || i.record.is_deleted === true).map((i) => String(i.record[field] ?? i.key));
    const known = items.filter((i) => typeof i.record[field] === 'string' && i.record.is_forgotten !== true && i.record.is_deleted !== true);
    if (known.length) cache.put(known.map((i) => fromCustobar(String(i.record[field]), i.record, 'cache')), 'export');
    if (forgotten.length) cache.forget(forgotten);
  };

  /** Sales and products committed to the outbox: the cached activity of their customer shows the sales, with the products' titles. */
  const activityExported = (items: readonly OutboxItem[]): void => {
    const of = (type: OutboxItem['type']) => items.filter((i) => i.type === type).map((i) => i.record);
    activity.productsCommitted(of('products'));
    activity.salesCommitted(of('sales'));
  };

  const purgeExpired = (): number => {
    const n = cache.purgeExpired();
    if (n) ctx.logger.info(`purged ${n} expired customer(s) from the till's cache`);
    activity.purgeExpired();
    return n;
  };
  const purge = setInterval(purgeExpired, 3_600_000);
  purge.unref();

  const methods: CheckoutMethods = {
    'checkout.get': async () => active.get(),
    'checkout.new': async ({ checkoutId }) => {
      // Esc pressed, then a card scanned at once: the scan may arrive first. Keep that newer checkout.
      if (checkoutId !== undefined && active.get().checkoutId !== checkoutId) return active.get();
      wiring.intake.resetCheckout();
      return active.reset();
    },
    'checkout.redeem': async ({ benefitId }) => active.redeem(benefitId),
    'checkout.cancel': async ({ redemptionId }) => redemptions.cancel(redemptionId),
    'redemptions.void': async ({ redemptionId, reason, pin }) => {
      // Checked in the core, so it holds over HTTP as well as in the desktop window.
      if (settings().benefits.voidNeedsPin) wiring.requirePin(pin);
      return redemptions.void(redemptionId, reason);
    },
    'redemptions.today': async () => redemptions.today(),
    'redemptions.audit': async ({ limit }) => store.auditLog(limit),
    'redemptions.conflicts': async () => store.conflicts().map((r) => redemptions.view(r)),
    'customers.activity': async ({ cardId }) => activity.forCard(cardId),
  };

  return {
    cache,
    solteq,
    redemptions,
    checkout: active,
    customersExported,
    activityExported,
    activity,
    purgeExpired,
    methods,
    start: () => {
      cache.purgeExpired();
      redemptions.start();
    },
    close: async () => {
      offScan();
      offForget();
      activity.close();
      clearInterval(purge);
      await redemptions.stop();
    },
  };
}
