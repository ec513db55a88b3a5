import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { checkoutCompanion, scanCard } from '../helpers/checkout';
import { drained } from '../helpers/exports';
import { waitFor } from '../helpers/pty';
import { tempDir } from '../helpers/service-process';

const AINO = 'CU-7H3K9P2A';

/** The fleet metric till_redemptions_total, by outcome, as a scrape shows it. */
async function redemptionCounts(c: Companion): Promise<Record<string, number>> {
  const { text } = await c.metrics.render();
  return Object.fromEntries([...text.matchAll(/^till_redemptions_total\{outcome="(\w+)"\} (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

describe('redemptions against the simulator', () => {
  let sim: Simulator;
  const companions: Companion[] = [];
  const open = async (...args: Parameters<typeof checkoutCompanion> extends [unknown, ...infer R] ? R : never) => {
    const c = await checkoutCompanion(sim, ...args);
    companions.push(c);
    return c;
  };
  beforeEach(async () => {
    sim = await startSimulator({ randomSeed: 3, hangMs: 2500 });
  });
  afterEach(async () => {
    for (const c of companions.splice(0)) await c.close();
    await sim.close();
  });

  it('scan → customer and benefits → redeem: exactly one redemption, the list refreshed, an event for Custobar, an audit trail', async () => {
    const c = await open();
    const state = await scanCard(c, AINO);
    expect(state.customer).toMatchObject({ name: 'Aino Virtanen', maskedPhone: '+•••••••••567', consents: { email: true, sms: true, post: false } });
    expect(state.benefits.map((b) => [b.id, b.usesLeft])).toEqual([['B-1001', 1], ['B-1002', 5], ['B-1003', 1]]);
    const view = await c.api['checkout.redeem']({ benefitId: 'B-1002' });
    expect(view).toMatchObject({ state: 'committed', benefitId: 'B-1002', tillId: 'TILL-1' });
    expect(sim.state.redemptions.size).toBe(1);
    // Today's list names the customer by first name only, with the masked phone.
    const today = await c.api['redemptions.today']({});
    expect(today).toEqual([expect.objectContaining({ id: view.id, firstName: 'Aino', maskedPhone: '+•••••••••567' })]);
    expect(JSON.stringify(today)).not.toContain('Virtanen');
    expect([...sim.state.redemptions.values()][0]).toMatchObject({ benefit_id: 'B-1002', phone_number: '+358401234567', shop_id: 'SHOP-9', till_id: 'TILL-1' });
    await waitFor(() => c.checkout.checkout.get().benefits.find((b) => b.id === 'B-1002')?.usesLeft === 4, 5000, 'refreshed list');
    await drained(c);
    expect([...sim.state.records.events.values()]).toEqual([
      expect.objectContaining({ type: 'BENEFIT_REDEEMED', customer_id: AINO, benefit_id: 'B-1002', redemption_id: view.remoteId, till_id: 'TILL-1' }),
    ]);
    const audit = await c.api['redemptions.audit']({ limit: 10 });
    expect(audit.map((a) => [a.action, a.outcome.split(' ')[0]])).toEqual([['redeem', 'committed'], ['redeem', 'attempt']]);
    expect(audit[0]).toMatchObject({ tillId: 'TILL-1', benefitId: 'B-1002' });
  });

  it('a full outbox never leaves a committed redemption without its Custobar event: it stays pending and is recorded with it later', async () => {
    const c = await open();
    await c.api['settings.update']({ patch: { exports: { maxDiskMb: 1 } } });
    await scanCard(c, AINO);
    // Fill the outbox's database past its 1 MB cap (the file does not shrink when records leave).
    const filler = Array.from({ length: 2500 }, (_, i) => ({ external_id: `F-${i}`, first_name: 'x'.repeat(200), city: 'y'.repeat(200) }));
    for (let i = 0; i < filler.length; i += 250) {
      try {
        c.exports.ingest('customers', filler.slice(i, i + 250), { partial: false, source: 'test' });
      } catch {
        break; // full
      }
    }
    expect(() => c.exports.disk.check()).toThrow(/outbox is full/);

    const view = await c.api['checkout.redeem']({ benefitId: 'B-1002' });
    // The benefits service took it (once); this till keeps it pending, with no event and no half state.
    expect(view.state).toBe('pending');
    expect(sim.state.redemptions.size).toBe(1);
    expect(c.exports.store.counts('events').pending).toBe(0);
    expect(c.context.warnings.list().map((w) => w.code)).toContain('redemption_event');

    // Room again: the retry replays the same key, and the redemption is committed with its one event.
    await c.api['settings.update']({ patch: { exports: { maxDiskMb: 100 } } });
    await waitFor(() => (c.exports.db.prepare('SELECT state FROM redemptions WHERE id = ?').get(view.id) as { state: string }).state === 'committed', 20_000, 'committed after the retry');
    await waitFor(() => [...sim.state.records.events.values()].filter((e) => e.type === 'BENEFIT_REDEEMED').length === 1, 10_000, 'the event delivered');
    expect(sim.state.redemptions.size).toBe(1);
  });

  it('a double click is one redemption', async () => {
    const c = await open();
    await scanCard(c, AINO);
    const [a, b] = await Promise.all([c.api['checkout.redeem']({ benefitId: 'B-1002' }), c.api['checkout.redeem']({ benefitId: 'B-1002' })]);
    expect(a.id).toBe(b.id);
    expect(sim.state.redemptions.size).toBe(1);
  });

  it('a reply lost after the commit is retried with the same key: still exactly one redemption', async () => {
    const c = await open();
    await scanCard(c, AINO);
    sim.setFaults({ redemptions: { commitThenReset: 1 } });
    const first = await c.api['checkout.redeem']({ benefitId: 'B-1001' });
    expect(first.state).toBe('pending');
    expect(sim.state.redemptions.size).toBe(1);
    sim.setFaults({ redemptions: { commitThenReset: 0 } });
    await waitFor(() => c.checkout.redemptions.today()[0]?.state === 'committed', 10_000, 'settled');
    expect(sim.state.redemptions.size).toBe(1);
    expect(sim.state.benefits.get('B-1001')!.uses_left).toBe(0);
  });

  it('a timeout after the commit is retried the same way', async () => {
    const c = await open();
    await scanCard(c, AINO);
    sim.setFaults({ redemptions: { timeoutAfterCommit: 1 } });
    expect((await c.api['checkout.redeem']({ benefitId: 'B-1003' })).state).toBe('pending');
    sim.setFaults({ redemptions: { timeoutAfterCommit: 0 } });
    await waitFor(() => c.checkout.redemptions.today()[0]?.state === 'committed', 10_000, 'settled');
    expect(sim.state.redemptions.size).toBe(1);
  });

  it('two tills redeem the same single-use benefit: one succeeds, the other sees the conflict greyed out', async () => {
    const [a, b] = [await open({}, tempDir(), 'TILL-A'), await open({}, tempDir(), 'TILL-B')];
    await scanCard(a, AINO);
    await scanCard(b, AINO);
    expect((await a.api['checkout.redeem']({ benefitId: 'B-1001' })).state).toBe('committed');
    const refused = await b.api['checkout.redeem']({ benefitId: 'B-1001' });
    expect(refused).toMatchObject({ state: 'rejected', reason: 'This benefit has already been used', reasonCode: 'refused' });
    await waitFor(() => b.checkout.checkout.get().benefits.find((x) => x.id === 'B-1001')?.available === false, 5000, 'greyed');
    expect(b.checkout.checkout.get().benefits.find((x) => x.id === 'B-1001')).toMatchObject({ available: false, unavailableReason: 'This benefit has already been used' });
    expect(sim.state.redemptions.size).toBe(1);
  });

  it('a new customer never abandons an unknown outcome: it settles in the background and shows in today’s list', async () => {
    const c = await open();
    await scanCard(c, AINO);
    sim.setFaults({ redemptions: { commitThenReset: 1 } });
    const pending = await c.api['checkout.redeem']({ benefitId: 'B-1002' });
    await c.api['checkout.new']({});
    await scanCard(c, 'CU-4M8Q1Z6T');
    sim.setFaults({ redemptions: { commitThenReset: 0 } });
    await waitFor(() => c.checkout.redemptions.today().find((r) => r.id === pending.id)?.state === 'committed', 10_000, 'background settle');
    expect((await c.api['redemptions.today']({})).map((r) => [r.benefitTitle, r.state])).toEqual([['Free coffee', 'committed']]);
  });

  it('cancelling while the outcome is unknown voids it if it went through', async () => {
    const c = await open();
    await scanCard(c, AINO);
    sim.setFaults({ redemptions: { commitThenReset: 1 } });
    const pending = await c.api['checkout.redeem']({ benefitId: 'B-1001' });
    expect((await c.api['checkout.cancel']({ redemptionId: pending.id })).cancelRequested).toBe(true);
    sim.setFaults({ redemptions: { commitThenReset: 0 } });
    await waitFor(() => c.checkout.redemptions.today()[0]?.state === 'voided', 10_000, 'auto void');
    expect([...sim.state.redemptions.values()][0]).toMatchObject({ status: 'voided', void_reason: 'Cancelled at the till' });
    expect(sim.state.benefits.get('B-1001')!.uses_left).toBe(1);
  });

  it('a void reaches the service and the benefit is available again', async () => {
    const c = await open();
    await scanCard(c, AINO);
    const done = await c.api['checkout.redeem']({ benefitId: 'B-1001' });
    await waitFor(() => !c.checkout.checkout.get().benefits.some((b) => b.id === 'B-1001' && b.usesLeft === 1 && !b.redemption), 5000, 'refresh');
    const voided = await c.api['redemptions.void']({ redemptionId: done.id, reason: 'Wrong customer' });
    expect(voided.state).toBe('voided');
    expect(sim.state.benefits.get('B-1001')!.uses_left).toBe(1);
    await expect(c.dispatch('redemptions.void', { redemptionId: done.id, reason: 'again' })).resolves.toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await redemptionCounts(c)).toEqual({ committed: 1, rejected: 0, voided: 1, offline_queued: 0, conflict: 0 });
    await c.api['checkout.new']({});
    const again = await scanCard(c, AINO);
    expect(again.benefits.find((b) => b.id === 'B-1001')).toMatchObject({ available: true, usesLeft: 1 });
  });

  it('offline, redemption is blocked by default and says why', async () => {
    const c = await open();
    await scanCard(c, AINO);
    sim.setFaults({ benefits: { down: true }, redemptions: { down: true }, data: { down: true } });
    await c.api['checkout.new']({});
    const offline = await scanCard(c, AINO);
    expect(offline.customer).toMatchObject({ offline: true, name: 'Aino Virtanen' });
    expect(offline.benefitsOffline).toBe(true);
    await expect(c.dispatch('checkout.redeem', { benefitId: 'B-1001' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: 'No connection to the benefits service: benefits cannot be redeemed while offline.', details: { reasonCode: 'offline_refused' } },
    });
    expect(sim.state.redemptions.size).toBe(0);
    expect((await c.api['redemptions.audit']({ limit: 1 }))[0]!.outcome).toMatch(/^blocked offline/);
  });

  it('offline with an allowance: queued up to the cap, reconciled later, conflicts shown to the manager', async () => {
    const c = await open({ benefits: { baseUrl: sim.url, timeoutMs: 1000, offline: { item: { allow: true, cap: 1 }, percent: { allow: true, cap: 1 } } } });
    await scanCard(c, AINO);
    sim.setFaults({ benefits: { down: true }, redemptions: { down: true } });
    await c.api['checkout.new']({});
    await scanCard(c, AINO);
    const queued = await c.api['checkout.redeem']({ benefitId: 'B-1002' });
    expect(queued).toMatchObject({ state: 'pending', offline: true });
    // Meanwhile another till uses B-1001 up; this till's offline redemption of it will conflict.
    sim.state.benefits.get('B-1001')!.uses_left = 0;
    const conflicting = await c.api['checkout.redeem']({ benefitId: 'B-1001' });
    expect(conflicting.offline).toBe(true);
    await expect(c.dispatch('checkout.redeem', { benefitId: 'B-1003' })).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    sim.setFaults({ benefits: { down: false }, redemptions: { down: false } });
    await waitFor(() => c.checkout.redemptions.today().every((r) => r.state !== 'pending'), 15_000, 'reconciled');
    expect(c.checkout.redemptions.today().map((r) => [r.benefitId, r.state]).sort()).toEqual([['B-1001', 'rejected'], ['B-1002', 'committed']]);
    expect((await c.api['redemptions.conflicts']({})).map((r) => r.benefitId)).toEqual(['B-1001']);
    expect((await c.api['status.get']({})).warnings.map((w) => w.code)).toContain('offline_conflict');
    // The fleet sees the same: two given offline, one of them refused later (a conflict), nothing rejected at the till.
    expect(await redemptionCounts(c)).toEqual({ committed: 1, rejected: 0, voided: 0, offline_queued: 2, conflict: 1 });
  });

  it('settles a pending redemption after a restart', async () => {
    const dir = tempDir();
    const first = await checkoutCompanion(sim, {}, dir);
    await scanCard(first, AINO);
    sim.setFaults({ redemptions: { commitThenReset: 1 } });
    await first.api['checkout.redeem']({ benefitId: 'B-1003' });
    await first.close();
    sim.setFaults({ redemptions: { commitThenReset: 0 } });
    const second = await open({}, dir);
    await waitFor(() => second.checkout.redemptions.today()[0]?.state === 'committed', 10_000, 'settled after restart');
    expect(sim.state.redemptions.size).toBe(1);
  });
});

describe('Esc and a quick scan', () => {
  it('keeps a checkout a scan started before the Esc arrived', async () => {
    const sim = await startSimulator();
    const c = await checkoutCompanion(sim);
    try {
      const first = await scanCard(c, 'CU-7H3K9P2A');
      const second = await scanCard(c, 'CU-4M8Q1Z6T');
      // The Esc the cashier pressed during the first customer arrives late: it must not clear the second.
      expect(await c.api['checkout.new']({ checkoutId: first.checkoutId! })).toMatchObject({ checkoutId: second.checkoutId, customer: { name: 'Eero Korhonen' } });
      expect(await c.api['checkout.new']({ checkoutId: second.checkoutId! })).toMatchObject({ checkoutId: null });
    } finally {
      await c.close();
      await sim.close();
    }
  });
});

describe('Esc with no customer shown, and a quick scan', () => {
  it('keeps the checkout the scan started', async () => {
    const sim = await startSimulator();
    const c = await checkoutCompanion(sim);
    try {
      const started = await scanCard(c, 'CU-9R2W5X8L');
      // The UI showed no customer when Esc was pressed; the scan got in first.
      expect(await c.api['checkout.new']({ checkoutId: null })).toMatchObject({ checkoutId: started.checkoutId });
      expect(await c.api['checkout.new']({})).toMatchObject({ checkoutId: null });
    } finally {
      await c.close();
      await sim.close();
    }
  });
});
