import type { BenefitView, CheckoutState, CustomerView, PromptView, RedemptionView } from '../../../preload/schemas/checkout';
import type { ScanRecord } from '../../../preload/schemas/scanning';
import type { RemoteBenefit, BenefitsClient } from '../benefits/benefits-client';
import type { Redemptions } from '../benefits/redemptions';
import type { Customer } from '../customers/customer';
import type { CustomerResolver } from '../customers/resolver';
import { CompanionError } from '../common/errors';
import { maskPhone } from '../logging/redact';
import type { ConnectionTracker } from '../context/connection';
import { mergeStable } from './benefit-order';
import type { MetricsRecorder } from '../context/metrics-recorder';

const idle = (): CheckoutState => ({
  checkoutId: null,
  cardId: null,
  customerState: 'idle',
  customer: null,
  benefitsState: 'idle',
  benefits: [],
  benefitsOffline: false,
  message: null,
  messageCode: null,
  prompts: [],
});

export interface CheckoutDeps {
  resolver: CustomerResolver;
  benefits: () => BenefitsClient | null;
  redemptions: Redemptions;
  connection: ConnectionTracker;
  onChange: (state: CheckoutState) => void;
  /** The latest known consents (poll, webhook, this till) over the looked-up ones, and their change. */
  /** readAt: when a fresh lookup returned the customer; null for the till's cache. */
  consentView?: (customer: Customer, readAt: number | null) => { consents: Customer['consents']; change: CustomerView['consentChange'] };
  /** Fleet metrics: how long from the scan to the benefits on the screen. */
  metrics?: Pick<MetricsRecorder, 'scanToBenefits'>;
  /**
   * Campaign prompts for a customer now on the card (a synchronous read of this till's database, made
   * once the customer is shown, so it never delays the benefits); those returned count as shown.
   */
  prompts?: (customer: Customer) => PromptView[];
}

/**
 * One customer at the till: scan → customer → benefits → redemptions. The benefits request starts
 * as soon as a phone number is known — from the cache — without waiting for the fresh lookup, so a
 * known customer's benefits are one round trip away. Results of an earlier customer that arrive
 * late are ignored (each checkout has its own generation).
 */
export class Checkout {
  private state: CheckoutState = idle();
  private generation = 0;
  private phone: string | null = null;
  private customer: Customer | null = null;
  private customerReadAt = 0;
  /** performance.now() of the scan whose benefits are not on the screen yet. */
  private scanStartedAt: number | null = null;
  /** Every benefit shown in this checkout, in the order first shown (its number), with its latest data. */
  private known: RemoteBenefit[] = [];
  /** The ids the latest list still has; the others are used up or gone, and are shown greyed out. */
  private listed = new Set<string>();
  private readonly lastLists = new Map<string, RemoteBenefit[]>();
  private readonly redemptionsHere = new Map<string, RedemptionView>();
  /** Waiting for no benefits to be loading (see benefitsSettled). */
  private settledWaiters: (() => void)[] = [];

  constructor(private readonly deps: CheckoutDeps) {}

  get(): CheckoutState {
    return this.state;
  }

  /**
   * Resolves once no benefits are loading: the latest scan's benefits are in the checkout state (the
   * event sent), or failed, or there is no customer. What follows a scan without competing with it
   * (the card's recent activity) waits for this, so it never delays the benefits.
   */
  benefitsSettled(): Promise<void> {
    if (this.state.benefitsState !== 'loading') return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  reset(): CheckoutState {
    this.generation += 1;
    this.phone = null;
    this.customer = null;
    this.known = [];
    this.listed.clear();
    this.redemptionsHere.clear();
    return this.set(idle());
  }

  onScan(scan: ScanRecord): void {
    if (!scan.accepted || !scan.cardId) return;
    if (scan.repeat && scan.checkoutId === this.state.checkoutId) return; // the same card again: same checkout
    const checkoutId = scan.checkoutId ?? scan.id;
    this.start(scan.cardId, checkoutId).catch((error: unknown) => {
      if (this.state.checkoutId !== checkoutId) return;
      this.set({ ...this.state, customerState: 'error', benefitsState: 'idle', message: `The customer could not be looked up: ${(error as Error).message}`, messageCode: 'error' });
    });
  }

  async start(cardId: string, checkoutId: string): Promise<void> {
    this.reset();
    const gen = this.generation;
    this.scanStartedAt = performance.now();
    this.set({ ...idle(), checkoutId, cardId, customerState: 'loading', benefitsState: 'loading' });
    const cached = this.deps.resolver.cached(cardId);
    const early = cached?.phone ? this.loadBenefits(cached.phone, gen) : null;
    const result = await this.deps.resolver.lookup(cardId);
    if (gen !== this.generation) return;
    if (result.kind === 'found') {
      this.showCustomer(result.customer, false);
      if (!result.customer.phone) {
        this.set({ ...this.state, benefitsState: 'ready', benefits: [], message: 'This customer has no phone number, so no benefits can be looked up.', messageCode: 'no_phone' });
      } else if (result.customer.phone !== cached?.phone) {
        await this.loadBenefits(result.customer.phone, gen);
      }
    } else if ((result.kind === 'offline' || result.kind === 'error') && cached) {
      this.showCustomer(cached, true);
      this.set({ ...this.state, message: `Showing the customer from this till's memory: ${result.reason}.`, messageCode: 'customer_offline' });
      if (!cached.phone) this.set({ ...this.state, benefitsState: 'ready' });
    } else {
      const messages: Record<string, [string, string]> = {
        not_found: ['not_found', `No customer has the card ${cardId}.`],
        offline: ['offline', `The customer cannot be looked up right now (${'reason' in result ? result.reason : ''}), and this card is not in the till's memory.`],
        unauthorized: ['unauthorized', `The customer service refused this till's credentials. Ask the manager to check them in Settings.`],
        error: ['error', `The customer cannot be looked up: ${'reason' in result ? result.reason : ''}`],
      };
      const [code, message] = messages[result.kind] ?? messages.error!;
      this.set({ ...this.state, customerState: result.kind === 'not_found' ? 'not_found' : 'error', benefitsState: 'idle', benefits: [], message, messageCode: code });
    }
    await early;
  }

  private showCustomer(customer: Customer, offline: boolean): void {
    // When this customer's data was read: a permission change seen after it is newer than the lookup.
    if (this.customer !== customer) this.customerReadAt = Date.now();
    this.customer = customer;
    const name = [customer.firstName, customer.lastName].filter(Boolean).join(' ') || null;
    const fresh = !offline && customer.source !== 'cache';
    const consent = this.deps.consentView?.(customer, fresh ? this.customerReadAt : null) ?? { consents: customer.consents, change: null };
    const view: CustomerView = {
      cardId: customer.cardId,
      customerId: customer.customerId,
      name,
      maskedPhone: customer.phone ? maskPhone(customer.phone) : null,
      consents: consent.consents,
      consentChange: consent.change,
      source: offline ? 'cache' : customer.source,
      offline,
    };
    this.set({ ...this.state, customerState: 'ready', customer: view });
    this.matchPrompts();
  }

  /** The customer on the card, as looked up (null between customers). */
  currentCustomer(): Customer | null {
    return this.state.customerState === 'ready' ? this.customer : null;
  }

  /** Prompts arrived, expired or were forgotten: the customer on the card shows the ones open now. */
  refreshPrompts(): void {
    if (this.customer && this.state.customerState === 'ready') this.matchPrompts();
  }

  /** The cashier answered a prompt: it leaves the checkout. */
  dropPrompt(promptId: string): CheckoutState {
    if (!this.state.prompts.some((p) => p.id === promptId)) return this.state;
    return this.set({ ...this.state, prompts: this.state.prompts.filter((p) => p.id !== promptId) });
  }

  private matchPrompts(): void {
    if (!this.customer || !this.deps.prompts) return;
    let prompts: PromptView[];
    try {
      prompts = this.deps.prompts(this.customer);
    } catch {
      // A prompt is a nice-to-have: a failed read never gets in the way of the checkout.
      return;
    }
    if (JSON.stringify(prompts) !== JSON.stringify(this.state.prompts)) this.set({ ...this.state, prompts });
  }

  /** A permission changed (poll, webhook, this till): the customer on the card shows it at once. */
  refreshConsents(): void {
    const shown = this.state.customer;
    if (this.customer && shown && this.state.customerState === 'ready') this.showCustomer(this.customer, shown.offline);
  }

  /** Fetches (or refreshes) the benefit list for a phone number. */
  private async loadBenefits(phone: string, gen: number): Promise<void> {
    if (phone !== this.phone) this.take([], true); // another phone number: another customer's list
    this.phone = phone;
    const client = this.deps.benefits();
    if (!client) {
      this.set({ ...this.state, benefitsState: 'error', message: 'The benefits service is not configured.', messageCode: 'benefits_unconfigured' });
      return;
    }
    const outcome = await client.list(phone);
    if (gen !== this.generation || phone !== this.phone) return;
    if (outcome.kind === 'ok') {
      this.deps.connection.report('online');
      this.take(outcome.value);
      this.lastLists.set(phone, outcome.value);
      if (this.lastLists.size > 200) this.lastLists.delete(this.lastLists.keys().next().value!);
      this.set({ ...this.state, benefitsState: 'ready', benefits: this.views(), benefitsOffline: false });
      this.benefitsShown();
      return;
    }
    const offline = outcome.kind === 'unreachable' || outcome.kind === 'unknown';
    this.deps.connection.report(outcome.kind === 'unauthorized' ? 'unauthorized' : offline ? 'offline' : 'online', outcome.why);
    const last = this.lastLists.get(phone);
    if (offline && last) {
      this.take(last);
      this.set({ ...this.state, benefitsState: 'ready', benefits: this.views(), benefitsOffline: true, message: `Offline: the benefits shown are from this till's last check (${outcome.reason}).`, messageCode: 'benefits_offline' });
      this.benefitsShown();
    } else {
      this.set({ ...this.state, benefitsState: 'error', benefits: [], message: `Benefits are not available: ${outcome.reason}.`, messageCode: offline ? 'benefits_offline' : 'benefits_error' });
    }
  }

  /** The first list shown for this scan is the one the scan → benefits time measures. */
  private benefitsShown(): void {
    if (this.scanStartedAt === null) return;
    this.deps.metrics?.scanToBenefits((performance.now() - this.scanStartedAt) / 1000);
    this.scanStartedAt = null;
  }

  /** A new list from the service: benefits shown before keep their places (see benefit-order.ts). */
  private take(list: RemoteBenefit[], fresh = false): void {
    const merged = mergeStable(fresh ? [] : this.known, list);
    this.known = merged.map((m) => m.item);
    this.listed = new Set(merged.filter((m) => m.listed).map((m) => m.item.id));
  }

  /**
   * The list as shown, each benefit at the place it was first shown: fresh data where the service
   * still lists it; one it no longer lists (used up here, or elsewhere) keeps its last known title and
   * value, greyed out, with this checkout's redemption if any.
   */
  private views(): BenefitView[] {
    const here = [...this.redemptionsHere.values()];
    const list: BenefitView[] = this.known.map((b) => {
      const redemption = here.filter((r) => r.benefitId === b.id).at(-1) ?? null;
      const refused = redemption?.state === 'rejected';
      const listed = this.listed.has(b.id);
      return {
        id: b.id,
        title: b.title,
        description: b.description,
        kind: b.kind,
        value: b.value,
        validUntil: b.valid_until,
        // Uses left as last listed would be out of date once the service no longer lists it.
        usesLeft: listed ? b.uses_left : null,
        available: listed && !refused,
        unavailableReason: refused ? redemption!.reason : null,
        redemption,
      };
    });
    for (const r of here) {
      if (list.some((b) => b.id === r.benefitId)) continue;
      // Not shown in this checkout's lists at all (cannot normally happen): keep it visible with what happened.
      list.push({ id: r.benefitId, title: r.benefitTitle, description: '', kind: r.benefitKind as BenefitView['kind'], value: 0, validUntil: null, usesLeft: null, available: false, unavailableReason: r.state === 'rejected' ? r.reason : null, redemption: r });
    }
    return list;
  }

  async redeem(benefitId: string): Promise<RedemptionView> {
    const { checkoutId, customer } = this.state;
    const benefit = this.state.benefits.find((b) => b.id === benefitId);
    if (!checkoutId || !customer || !this.phone || !this.customer) throw new CompanionError('invalid_input', 'Scan a customer card first.');
    if (!benefit) throw new CompanionError('not_found', 'This benefit is not on the customer’s list.');
    const view = await this.deps.redemptions.redeem({
      checkoutId,
      benefit: { id: benefit.id, title: benefit.title, kind: benefit.kind },
      phone: this.phone,
      firstName: this.customer.firstName,
      customerId: this.customer.customerId,
      cardId: this.customer.cardId,
    });
    this.onRedemption(view);
    return view;
  }

  /** Every redemption change: shown if it belongs to this checkout; the list refreshes when one settles. */
  onRedemption(view: RedemptionView): void {
    if (view.checkoutId !== this.state.checkoutId) return;
    const before = this.redemptionsHere.get(view.id);
    this.redemptionsHere.set(view.id, view);
    this.set({ ...this.state, benefits: this.views() });
    const settled = view.state !== 'pending' && view.voidState !== 'pending';
    const changed = !before || before.state !== view.state || before.voidState !== view.voidState;
    if (settled && changed && this.phone) void this.loadBenefits(this.phone, this.generation);
  }

  private set(state: CheckoutState): CheckoutState {
    this.state = state;
    this.deps.onChange(state);
    if (state.benefitsState !== 'loading' && this.settledWaiters.length > 0) {
      const waiters = this.settledWaiters;
      this.settledWaiters = [];
      for (const resolve of waiters) resolve();
    }
    return state;
  }
}
