import type { BenefitView, ConnectionState, Settings } from '../../../../preload/contract';

/**
 * What the cashier can do with one benefit now, decided before any click so the list never offers
 * what the core would refuse:
 * - apply: enabled (queued: the benefits service is offline, and the manager allows this kind offline);
 * - busy: its redemption is being confirmed;
 * - applied: redeemed in this checkout (shown with its value and "Applied ✓", no Apply button);
 * - blocked: the core would refuse it for a reason of the connection, said up front;
 * - unavailable: refused, used up or no longer listed.
 */
export type BenefitAction =
  | { kind: 'apply'; queued: boolean }
  | { kind: 'busy' }
  | { kind: 'applied' }
  | { kind: 'blocked'; why: 'offline' | 'disconnected' }
  | { kind: 'unavailable' };

export interface ActionContext {
  /** The benefits connection as the core tracks it (status.benefits.state); it blocks redemption when offline. */
  benefitsState: ConnectionState | null;
  /** This screen reaches the core (service mode's event stream is up). */
  connected: boolean;
  /** Settings → Benefits: which kinds may be redeemed offline (a daily cap applies in the core). */
  offlinePolicy: Settings['benefits']['offline'] | null;
}

export function benefitAction(b: BenefitView, ctx: ActionContext): BenefitAction {
  const r = b.redemption;
  if (r?.state === 'committed') return { kind: 'applied' };
  if (r?.state === 'pending') return { kind: 'busy' };
  if (!b.available) return { kind: 'unavailable' };
  if (!ctx.connected) return { kind: 'blocked', why: 'disconnected' };
  if (ctx.benefitsState === 'offline') {
    return ctx.offlinePolicy?.[b.kind]?.allow ? { kind: 'apply', queued: true } : { kind: 'blocked', why: 'offline' };
  }
  return { kind: 'apply', queued: false };
}

export type ListNotice = 'offline' | 'disconnected' | 'offlineQueued';

/** The notices shown above the list, each named by the buttons it explains: why some are blocked, and that some would be queued. */
export function listNotices(actions: readonly BenefitAction[]): ListNotice[] {
  const notices: ListNotice[] = [];
  const blocked = actions.find((a): a is Extract<BenefitAction, { kind: 'blocked' }> => a.kind === 'blocked');
  if (blocked) notices.push(blocked.why);
  if (actions.some((a) => a.kind === 'apply' && a.queued)) notices.push('offlineQueued');
  return notices;
}

/** The notice that explains one benefit's state, if any. */
export function noticeOf(action: BenefitAction): ListNotice | null {
  if (action.kind === 'blocked') return action.why;
  return action.kind === 'apply' && action.queued ? 'offlineQueued' : null;
}
