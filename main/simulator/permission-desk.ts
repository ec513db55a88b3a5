import type { PermissionField, PermissionPatch } from './permissions';
import { permissionOf } from './permissions';
import { demoCustomers } from './seed';
import type { PermissionChangeResult, SimulatorState } from './state';
import { WebhookCaller, type WebhookCall } from './webhook';

/** Which customer (any one identifier is enough) and the permissions to set. */
export interface PermissionInput extends PermissionPatch {
  external_id?: string;
  phone_number?: string;
  email?: string;
}

export interface PermissionChangeReport extends PermissionChangeResult {
  /** The webhook call this change made, or null when no webhook is set. */
  webhook: WebhookCall | null;
}

export interface PermissionChurn {
  stop(): void;
}

/** The demo churn alternates between the two permissions a till's customer notices most. */
const churnFields: readonly PermissionField[] = ['can_sms', 'can_email'];

/**
 * The Custobar side of marketing permissions: changes made "in Custobar" (the control endpoint, the demo
 * churn, events the app sent) reach the app's webhook. Changes from the app's own customer uploads never
 * do: the app already knows them, and echoing them back would hide a receiver that applies its own writes twice.
 */
export class PermissionDesk {
  readonly webhook: WebhookCaller;
  private churnTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly state: SimulatorState,
    log: (line: string) => void,
  ) {
    this.webhook = new WebhookCaller(state.webhookCalls, log);
    state.onPermissionChange = (keys) => {
      // The state at the moment of the change: a later change is its own call.
      const items = keys.map((k) => state.itemFor(k)).filter((i) => i !== undefined);
      void this.webhook.send(items);
    };
  }

  /**
   * Sets permissions and pushes the customer's full state to the webhook, also when nothing changed: a
   * test asking for a push wants one, e.g. to check the receiver is idempotent. Null when no customer matches.
   */
  async change(input: PermissionInput, detail = 'permissions'): Promise<PermissionChangeReport | null> {
    const { external_id, phone_number, email, ...patch } = input;
    const result = this.state.changePermissions({ external_id, phone_number, email }, patch, detail);
    if (!result) return null;
    return { ...result, webhook: await this.webhook.send([result.item]) };
  }

  /**
   * One step of the demo churn: flips can_sms or can_email of the next demo customer, round-robin (each
   * customer's SMS permission, then each one's e-mail permission, and so on). Customers removed from the
   * simulator are skipped; null when none of them is left.
   */
  async churnOnce(): Promise<PermissionChangeReport | null> {
    const rounds = demoCustomers.length * churnFields.length;
    for (let tried = 0; tried < rounds; tried += 1) {
      const step = this.state.churnPosition;
      this.state.churnPosition += 1;
      const customer = demoCustomers[step % demoCustomers.length]!;
      const field = churnFields[Math.floor(step / demoCustomers.length) % churnFields.length]!;
      const rec = this.state.records.customers.get(customer.external_id);
      if (!rec) continue;
      return this.change({ external_id: customer.external_id, [field]: !permissionOf(rec, field) }, 'churn');
    }
    return null;
  }

  /** Runs churnOnce every intervalMs until stopped (or the simulator closes); replaces a churn already running. */
  startChurn(intervalMs: number): PermissionChurn {
    this.stopChurn();
    const timer = setInterval(() => void this.churnOnce(), Math.max(1, intervalMs));
    timer.unref();
    this.churnTimer = timer;
    return {
      stop: () => {
        if (this.churnTimer === timer) this.stopChurn();
      },
    };
  }

  stopChurn(): void {
    if (this.churnTimer) clearInterval(this.churnTimer);
    this.churnTimer = null;
  }

  churning(): boolean {
    return this.churnTimer !== null;
  }

  async close(): Promise<void> {
    this.stopChurn();
    await this.webhook.close();
  }
}
