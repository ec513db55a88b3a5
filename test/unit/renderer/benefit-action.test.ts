import { describe, expect, it } from 'vitest';
import type { BenefitView, RedemptionView } from '../../../preload/contract';
import { benefitAction, listNotices, noticeOf, type ActionContext } from '../../../renderer/src/views/checkout/benefit-action';

const benefit = (over: Partial<BenefitView> = {}): BenefitView => ({
  id: 'B-1',
  title: '-20 % dog food',
  description: '',
  kind: 'percent',
  value: 20,
  validUntil: null,
  usesLeft: 1,
  available: true,
  unavailableReason: null,
  redemption: null,
  ...over,
});
const redemption = (over: Partial<RedemptionView>): RedemptionView => ({
  id: 'R-1',
  checkoutId: 'C-1',
  benefitId: 'B-1',
  benefitTitle: '-20 % dog food',
  benefitKind: 'percent',
  state: 'committed',
  offline: false,
  cancelRequested: false,
  reason: null,
  remoteId: 'x',
  createdAt: '2026-01-01T10:00:00Z',
  maskedPhone: '+•••567',
  firstName: null,
  tillId: 'T',
  voidState: null,
  voidReason: null,
  ...over,
});
const online: ActionContext = { benefitsState: 'online', connected: true, offlinePolicy: null };
const allow = (kinds: BenefitView['kind'][]): ActionContext['offlinePolicy'] => {
  const policy = { percent: { allow: false, cap: 0 }, amount: { allow: false, cap: 0 }, item: { allow: false, cap: 0 }, text: { allow: false, cap: 0 } };
  for (const k of kinds) policy[k] = { allow: true, cap: 5 };
  return policy;
};

describe('what a benefit offers the cashier, decided before any click', () => {
  it('online: apply; pending: busy; committed: applied (also when no longer listed); refused: unavailable', () => {
    expect(benefitAction(benefit(), online)).toEqual({ kind: 'apply', queued: false });
    expect(benefitAction(benefit({ redemption: redemption({ state: 'pending' }) }), online)).toEqual({ kind: 'busy' });
    expect(benefitAction(benefit({ available: false, usesLeft: null, redemption: redemption({ state: 'committed' }) }), online)).toEqual({ kind: 'applied' });
    expect(benefitAction(benefit({ available: false, unavailableReason: 'used', redemption: redemption({ state: 'rejected', reason: 'used' }) }), online)).toEqual({ kind: 'unavailable' });
    // Voided in this checkout: it can be applied again.
    expect(benefitAction(benefit({ redemption: redemption({ state: 'voided' }) }), online)).toEqual({ kind: 'apply', queued: false });
  });

  it('offline: blocked up front, unless the manager allows that kind offline (then it is queued)', () => {
    const offline: ActionContext = { benefitsState: 'offline', connected: true, offlinePolicy: allow(['item']) };
    expect(benefitAction(benefit({ kind: 'percent' }), offline)).toEqual({ kind: 'blocked', why: 'offline' });
    expect(benefitAction(benefit({ kind: 'item' }), offline)).toEqual({ kind: 'apply', queued: true });
    expect(benefitAction(benefit({ kind: 'item' }), { ...offline, offlinePolicy: null })).toEqual({ kind: 'blocked', why: 'offline' });
    // An applied benefit stays applied when the connection goes.
    expect(benefitAction(benefit({ redemption: redemption({ state: 'committed' }) }), offline)).toEqual({ kind: 'applied' });
    // Not checked yet or credentials refused: the core does not block, so neither does the list.
    expect(benefitAction(benefit(), { ...offline, benefitsState: 'unknown' })).toEqual({ kind: 'apply', queued: false });
  });

  it('a screen that lost the app cannot apply anything, whatever the policy', () => {
    const lost: ActionContext = { benefitsState: 'online', connected: false, offlinePolicy: allow(['percent']) };
    expect(benefitAction(benefit(), lost)).toEqual({ kind: 'blocked', why: 'disconnected' });
  });

  it('names the notices above the list, and which one explains each button', () => {
    const ctx: ActionContext = { benefitsState: 'offline', connected: true, offlinePolicy: allow(['item']) };
    const actions = [benefit({ kind: 'percent' }), benefit({ kind: 'item' })].map((b) => benefitAction(b, ctx));
    expect(listNotices(actions)).toEqual(['offline', 'offlineQueued']);
    expect(actions.map(noticeOf)).toEqual(['offline', 'offlineQueued']);
    expect(listNotices([benefitAction(benefit(), online)])).toEqual([]);
  });
});
