import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDesktopApp } from '../helpers/app';
import type { Companion } from '../../main/core/companion';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { campaignRoutes } from '../../main/http/routes/campaigns';
import { startHttpServer, type HttpServer } from '../../main/http/server';
import { parseServiceArgs } from '../../main/service/args';
import { startService, type RunningService } from '../../main/service/run-service';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import type { CheckoutState } from '../../preload/contract';
import { checkoutCompanion, scanCard } from '../helpers/checkout';
import { drained } from '../helpers/exports';
import { waitFor } from '../helpers/pty';
import { api, tempDir } from '../helpers/service-process';

const TOKEN = 'campaign-prompts-api-token';
const SECRET = 'campaigns-shared-secret-0123456789';
const AINO = 'CU-7H3K9P2A';
const EERO = 'CU-4M8Q1Z6T';
const MARKUP = '<img src=x onerror=alert(1)><b>hi</b> &amp; &lt;b&gt;';

type Envelope<T = unknown> = { ok: boolean; value?: T; error?: { code: string; message: string; details?: { reasonCode?: string } } };
type PushReply = { received: number; stored: number; unchanged: number; refused: number; errors: { position: string; errors: string[] }[] };

const item = (customer: Record<string, string>, campaignId: string, message: string, validUntil?: string) => ({
  customer,
  campaign_id: campaignId,
  message,
  ...(validUntil ? { valid_until: validUntil } : {}),
});
const events = (sim: Simulator) => [...sim.state.records.events.values()] as Record<string, unknown>[];

/**
 * Campaign prompts end to end in service mode: Custobar's push (real HTTP, the shared secret) → the
 * prompt on the checkout when the customer is scanned → the cashier's answer → an event with the
 * campaign, shop and till reaching Custobar (the simulator) through the outbox.
 */
describe('campaign prompts over service-mode HTTP', () => {
  let sim: Simulator;
  let service: RunningService;
  const call = <T = unknown>(method: string, input: unknown = {}) => api<Envelope<T>>(service.url, TOKEN, method, input);
  const push = (body: unknown, authorization: string | null = SECRET) =>
    fetch(`${service.url}/webhooks/campaigns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });
  /** A fresh checkout, then the card scanned over HTTP; the settled state as the contract returns it. */
  const scan = async (card: string): Promise<CheckoutState> => {
    await call('checkout.new', {});
    expect((await call('scans.submit', { source: 'manual', raw: card })).status).toBe(200);
    await waitFor(() => {
      const s = service.companion.checkout.checkout.get();
      return s.cardId === card && s.customerState !== 'loading' && s.benefitsState !== 'loading';
    }, 10_000, `checkout of ${card}`);
    return (await call<CheckoutState>('checkout.get')).body.value!;
  };

  beforeAll(async () => {
    sim = await startSimulator({ randomSeed: 5 });
    const rendererDir = tempDir();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>ui</title>');
    const args = ['--port', '0', '--data-dir', tempDir(), '--api-token', TOKEN, '--custobar-url', sim.url, '--benefits-url', sim.url, '--shop-id', 'SHOP-9', '--till-id', 'TILL-7', '--schedule', 'all=continuous'];
    service = await startService(parseServiceArgs(args, {}), {
      rendererDir,
      logger: createMemoryLogger(),
      env: { TILL_CUSTOBAR_TOKEN: sim.token, TILL_BENEFITS_TOKEN: sim.benefitsToken, TILL_CAMPAIGNS_SECRET: SECRET },
    });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await sim?.close();
  });

  it('refuses a wrong or missing secret (401) and a body without the list (400); bad items are refused one by one', async () => {
    const body = { items: [item({ external_id: AINO }, 'C-GATE', 'Hello')] };
    const wrong = await push(body, 'not-the-secret');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: { reason: 'Missing or wrong webhook secret' } });
    expect((await push(body, null)).status).toBe(401);
    expect((await push(body, `Bearer wrong-${SECRET}`)).status).toBe(401);
    const shape = await push({ prompts: [] });
    expect(shape.status).toBe(400);
    expect(((await shape.json()) as { error: { reason: string } }).error.reason).toMatch(/list of prompts at \$\.items/);

    const mixed = await push(
      {
        items: [
          item({ external_id: AINO }, 'C-GATE', 'Ask Aino about the puppy class'),
          { campaign_id: 'C-GATE', message: 'nobody' },
          item({ phone_number: '12' }, 'C-GATE', 'bad phone'),
          item({ external_id: AINO }, 'C-GATE', 'x'.repeat(501)),
          item({ email: 'aino.virtanen@example.fi' }, '', 'no campaign'),
          item({ external_id: AINO }, 'C-OLD', 'too late', '2001-01-01'),
          'not an object',
        ],
      },
      `Bearer ${SECRET}`,
    );
    expect(mixed.status).toBe(200);
    const reply = (await mixed.json()) as PushReply;
    expect(reply).toMatchObject({ received: 7, stored: 1, unchanged: 0, refused: 6 });
    expect(reply.errors.map((e) => e.position)).toEqual(['item 1', 'item 2', 'item 3', 'item 4', 'item 5', 'item 6']);
    expect(reply.errors[0]!.errors[0]).toMatch(/^no customer: give the customer's external_id, phone_number or email/);
    expect(reply.errors[1]!.errors[0]).toMatch(/phone_number "12" is not a valid phone number/);
    expect(reply.errors[2]!.errors[0]).toMatch(/501 characters long; at most 500/);
    expect(reply.errors[3]!.errors[0]).toMatch(/campaign_id is missing/);
    expect(reply.errors[4]!.errors).toEqual(['valid_until is already past']);
    expect(reply.errors[5]!.errors).toEqual(['is not a JSON object']);
  });

  it('a pushed prompt shows when the customer is scanned; "told" sends TILL_PROMPT_SHOWN with campaign, shop and till, and it does not show again', async () => {
    expect((await push({ items: [item({ external_id: AINO }, 'C-TOLD', 'Tell Aino the dog food sale starts Friday', '2099-12-31')] })).status).toBe(200);
    const state = await scan(AINO);
    // The benefits are there as always; the prompt beside them.
    expect(state.benefitsState).toBe('ready');
    expect(state.benefits.length).toBeGreaterThan(0);
    const prompt = state.prompts.find((p) => p.campaignId === 'C-TOLD')!;
    // A date means to the end of that day, store time (Helsinki).
    expect(prompt).toMatchObject({ message: 'Tell Aino the dog food sale starts Friday', validUntil: '2100-01-01T00:00:00+02:00' });

    const answered = await call<CheckoutState>('prompts.respond', { promptId: prompt.id, response: 'told' });
    expect(answered.status).toBe(200);
    expect(answered.body.value!.prompts.map((p) => p.campaignId)).not.toContain('C-TOLD');
    expect(answered.body.value!.customer?.cardId).toBe(AINO);
    // A double click changes nothing; the other answer is refused.
    expect((await call('prompts.respond', { promptId: prompt.id, response: 'told' })).status).toBe(200);
    const other = await call('prompts.respond', { promptId: prompt.id, response: 'dismissed' });
    expect(other.status).toBe(409);
    expect(other.body.error?.details?.reasonCode).toBe('prompt_answered');

    await drained(service.companion);
    await waitFor(() => events(sim).some((e) => e.type === 'TILL_PROMPT_SHOWN'), 10_000, 'the event in Custobar');
    const sent = events(sim).filter((e) => e.type === 'TILL_PROMPT_SHOWN');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ campaign_id: 'C-TOLD', shop_id: 'SHOP-9', till_id: 'TILL-7', customer_id: AINO, external_id: `prompt-${prompt.id}` });
    expect(typeof sent[0]!.date).toBe('string');

    const again = await scan(AINO);
    expect(again.prompts.map((p) => p.campaignId)).not.toContain('C-TOLD');
    // Pushed again unchanged (Custobar retrying, or a pull of the same feed): still answered.
    expect(await (await push({ items: [item({ external_id: AINO }, 'C-TOLD', 'Tell Aino the dog food sale starts Friday', '2099-12-31')] })).json()).toMatchObject({ stored: 0, unchanged: 1 });
    expect((await scan(AINO)).prompts.map((p) => p.campaignId)).not.toContain('C-TOLD');
  });

  it('"dismiss" sends TILL_PROMPT_DISMISSED; a prompt named by phone number matches the scanned customer, who the event names by id', async () => {
    expect((await push({ items: [item({ phone_number: '050 111 2233' }, 'C-DISMISS', 'Eero: remind him of the garden tools offer')] })).status).toBe(200);
    const state = await scan(EERO);
    const prompt = state.prompts.find((p) => p.campaignId === 'C-DISMISS')!;
    expect(prompt).toMatchObject({ message: 'Eero: remind him of the garden tools offer', validUntil: null });
    // Not on this checkout: refused.
    await call('checkout.new', {});
    const away = await call('prompts.respond', { promptId: prompt.id, response: 'dismissed' });
    expect(away.status).toBe(409);
    expect(away.body.error?.details?.reasonCode).toBe('prompt_not_on_checkout');
    const shown = await scan(EERO);
    expect(shown.prompts.map((p) => p.id)).toContain(prompt.id);
    const answered = await call<CheckoutState>('prompts.respond', { promptId: prompt.id, response: 'dismissed' });
    expect(answered.body.value!.prompts.map((p) => p.id)).not.toContain(prompt.id);
    expect((await call('prompts.respond', { promptId: 'no-such-prompt', response: 'told' })).body.error?.details?.reasonCode).toBe('prompt_not_found');

    await drained(service.companion);
    await waitFor(() => events(sim).some((e) => e.type === 'TILL_PROMPT_DISMISSED'), 10_000, 'the event in Custobar');
    expect(events(sim).find((e) => e.type === 'TILL_PROMPT_DISMISSED')).toMatchObject({ campaign_id: 'C-DISMISS', shop_id: 'SHOP-9', till_id: 'TILL-7', customer_id: EERO });
    expect((await scan(EERO)).prompts.map((p) => p.id)).not.toContain(prompt.id);

    const stats = await call<{ campaigns: { campaignId: string; today: Record<string, number>; week: Record<string, number> }[] }>('prompts.stats');
    expect(stats.status).toBe(200);
    const byId = Object.fromEntries(stats.body.value!.campaigns.map((c) => [c.campaignId, c]));
    expect(byId['C-TOLD']).toEqual({ campaignId: 'C-TOLD', today: { received: 1, shown: 1, told: 1, dismissed: 0 }, week: { received: 1, shown: 1, told: 1, dismissed: 0 } });
    expect(byId['C-DISMISS']!.today).toEqual({ received: 1, shown: 1, told: 0, dismissed: 1 });
  });

  it('a message with markup is kept and returned verbatim, as text; control characters are removed', async () => {
    const reply = await push({ items: [item({ external_id: AINO }, 'C-MARKUP', MARKUP), item({ external_id: AINO }, 'C-CONTROL', 'Line\none\u0007 \u202Eevil\u202C\tend')] });
    expect(await reply.json()).toMatchObject({ stored: 2, refused: 0 });
    const state = await scan(AINO);
    expect(state.prompts.find((p) => p.campaignId === 'C-MARKUP')!.message).toBe(MARKUP);
    expect(state.prompts.find((p) => p.campaignId === 'C-CONTROL')!.message).toBe('Line one evil end');
    // The same over the wire: a JSON string, not HTML-escaped or decoded.
    const raw = await fetch(`${service.url}/api/checkout.get`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{}' });
    expect(raw.status).toBe(200);
    expect(await raw.text()).toContain(JSON.stringify(MARKUP));
    const row = service.companion.prompts.store.db.prepare("SELECT message FROM campaign_prompts WHERE campaign_id = 'C-MARKUP'").get() as { message: string };
    expect(row.message).toBe(MARKUP);
  });

  it('the mapping setting adapts a differently shaped body, without code', async () => {
    const mapping = { items: '$.data', externalId: '$.person.id', phoneNumber: '', email: '$.person.contacts[0].email', campaignId: '$.campaign.id', message: '$.campaign.text', validUntil: '$.ends' };
    const saved = await call('settings.update', { patch: { campaigns: { mapping } } });
    expect(saved.status).toBe(200);
    const body = {
      data: [
        { person: { contacts: [{ email: 'Eero.Korhonen@Example.fi' }] }, campaign: { id: 4711, text: 'Eero: seeds are two for one' }, ends: '2099-06-30T18:00' },
        { person: { id: AINO }, campaign: { id: 'C-SHAPED' } },
      ],
    };
    const reply = (await (await push(body)).json()) as PushReply;
    expect(reply).toMatchObject({ received: 2, stored: 1, refused: 1 });
    expect(reply.errors[0]!.errors).toEqual(['message is missing (at $.campaign.text)']);
    // The default shape no longer fits.
    expect((await push({ items: [item({ external_id: AINO }, 'C-X', 'x')] })).status).toBe(400);
    const state = await scan(EERO);
    expect(state.prompts.find((p) => p.campaignId === '4711')).toMatchObject({ message: 'Eero: seeds are two for one', validUntil: '2099-06-30T18:00:00+03:00' });
    // A path the grammar does not know is refused at its field.
    const bad = await call('settings.update', { patch: { campaigns: { mapping: { message: 'campaign.text' } } } });
    expect(bad.status).toBe(400);
    expect((await call('settings.update', { patch: { campaigns: { mapping: { items: '$.items', externalId: '$.customer.external_id', phoneNumber: '$.customer.phone_number', email: '$.customer.email', campaignId: '$.campaign_id', message: '$.message', validUntil: '$.valid_until' } } } })).status).toBe(200);
  });

  it('the simulator pushes a campaign body to the app (POST /__sim/campaigns)', async () => {
    const body = { items: [item({ external_id: AINO }, 'C-SIM', 'From the simulator')] };
    const before = await fetch(`${sim.url}/__sim/campaigns`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(before.status).toBe(409);
    const configured = await fetch(`${sim.url}/__sim/campaigns/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `${service.url}/webhooks/campaigns`, secret: SECRET }) });
    expect(configured.status).toBe(200);
    const pushed = await fetch(`${sim.url}/__sim/campaigns`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(pushed.status).toBe(200);
    expect(await pushed.json()).toMatchObject({ status: 200, reply: { received: 1, stored: 1 } });
    expect((await scan(AINO)).prompts.map((p) => p.campaignId)).toContain('C-SIM');
    expect(sim.campaignCalls()).toHaveLength(1);
  });
});

/** A companion on the simulator that knows the campaigns secret; `now` can be moved. */
async function promptsCompanion(sim: Simulator, settings: Record<string, unknown> = {}, now?: () => Date, secret: string | null = SECRET): Promise<Companion> {
  return checkoutCompanion(sim, { permissions: { schedule: 'off' }, ...settings }, tempDir(), 'TILL-1', {
    env: secret ? { TILL_CAMPAIGNS_SECRET: secret } : {},
    exports: { retry: { initialMs: 50, maxMs: 200, jitter: 0 } },
    ...(now ? { now } : {}),
  });
}

const receive = (c: Companion, items: unknown[]) => {
  const result = c.prompts.receive({ items }, 'webhook');
  if ('problem' in result) throw new Error(result.problem);
  return result;
};
const rescan = async (c: Companion, card: string) => {
  await c.api['checkout.new']({});
  return scanCard(c, card);
};

describe('campaign prompts in the core', () => {
  let sim: Simulator;
  const companions: Companion[] = [];
  const servers: (HttpServer | http.Server)[] = [];
  const track = (c: Companion) => (companions.push(c), c);
  beforeAll(async () => {
    sim = await startSimulator({ randomSeed: 9 });
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) await ('app' in s ? s.close() : new Promise<void>((resolve) => s.close(() => resolve())));
    for (const c of companions.splice(0)) await c.close();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('the webhook is off (404) while no campaigns secret is set', async () => {
    const c = track(await promptsCompanion(sim, {}, undefined, null));
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, token: 'api-token-123', allowOwnOrigin: false, logger: createMemoryLogger(), routes: [campaignRoutes(() => c.prompts)] });
    servers.push(server);
    const res = await fetch(`${server.url}/webhooks/campaigns`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: SECRET }, body: JSON.stringify({ items: [] }) });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { reason: 'The campaigns webhook is off (no shared secret set)' } });
  });

  it('an expired prompt is never shown and is purged', async () => {
    let offset = 0;
    const c = track(await promptsCompanion(sim, {}, () => new Date(Date.now() + offset)));
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    const result = receive(c, [item({ external_id: AINO }, 'C-SOON', 'Only this hour', soon)]);
    expect(result).toMatchObject({ stored: 1 });
    const shown = await scanCard(c, AINO);
    expect(shown.prompts.map((p) => p.campaignId)).toEqual(['C-SOON']);
    const id = shown.prompts[0]!.id;

    offset = 2 * 3_600_000;
    expect((await rescan(c, AINO)).prompts).toEqual([]);
    await expect(c.api['prompts.respond']({ promptId: id, response: 'told' })).rejects.toMatchObject({ code: 'not_found' });
    expect(c.prompts.purge()).toBe(1);
    expect(c.prompts.store.get(id)).toBeNull();
    expect(c.prompts.purge()).toBe(0);
  });

  it('a newer prompt of the same campaign replaces the older one; the same prompt again keeps its answer', async () => {
    const c = track(await promptsCompanion(sim));
    expect(receive(c, [item({ external_id: AINO }, 'C-1', 'first')])).toMatchObject({ stored: 1 });
    // The same customer named by phone this time: still the same customer, so a replacement.
    expect(receive(c, [item({ external_id: AINO, phone_number: '+358401234567' }, 'C-1', 'second')])).toMatchObject({ stored: 1 });
    expect(receive(c, [item({ external_id: AINO }, 'C-2', 'another campaign')])).toMatchObject({ stored: 1 });
    const state = await scanCard(c, AINO);
    expect(state.prompts.map((p) => [p.campaignId, p.message])).toEqual([
      ['C-1', 'second'],
      ['C-2', 'another campaign'],
    ]);
    expect(c.prompts.store.db.prepare("SELECT count(*) AS n FROM campaign_prompts WHERE campaign_id = 'C-1'").get()).toEqual({ n: 1 });

    const c1 = state.prompts[0]!.id;
    await c.api['prompts.respond']({ promptId: c1, response: 'told' });
    expect(receive(c, [item({ phone_number: '040 123 4567' }, 'C-1', 'second')])).toMatchObject({ stored: 0, unchanged: 1 });
    expect((await rescan(c, AINO)).prompts.map((p) => p.campaignId)).toEqual(['C-2']);
    // A newer message of the campaign is a new prompt: it shows.
    expect(receive(c, [item({ external_id: AINO }, 'C-1', 'third')])).toMatchObject({ stored: 1 });
    expect((await rescan(c, AINO)).prompts.map((p) => p.message)).toEqual(['another campaign', 'third']);
  });

  it('a new prompt for the customer on the card shows at once', async () => {
    const c = track(await promptsCompanion(sim));
    expect((await scanCard(c, EERO)).prompts).toEqual([]);
    receive(c, [item({ email: 'EERO.KORHONEN@example.fi' }, 'C-LIVE', 'Just arrived')]);
    expect(c.checkout.checkout.get().prompts.map((p) => p.message)).toEqual(['Just arrived']);
  });

  it('prompts.stats counts received, shown, told and dismissed today and over 7 days, and the counts outlive a forgotten customer’s prompts', async () => {
    const c = track(await promptsCompanion(sim));
    receive(c, [item({ external_id: AINO }, 'C-A', 'a1'), item({ external_id: EERO }, 'C-A', 'a2'), item({ external_id: AINO }, 'C-B', 'b1')]);
    const aino = await scanCard(c, AINO);
    await c.api['prompts.respond']({ promptId: aino.prompts.find((p) => p.campaignId === 'C-A')!.id, response: 'told' });
    await c.api['prompts.respond']({ promptId: aino.prompts.find((p) => p.campaignId === 'C-B')!.id, response: 'dismissed' });
    // Shown again at the next scan: counted once.
    await rescan(c, EERO);
    await rescan(c, EERO);
    // Counts of earlier days: one in the last 7 days, one before.
    const day = (daysAgo: number) => {
      const tz = c.context.settings.get().general.storeTimeZone;
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
      const [y, m, d] = today.split('-').map(Number) as [number, number, number];
      return new Date(Date.UTC(y, m - 1, d - daysAgo)).toISOString().slice(0, 10);
    };
    const insert = c.prompts.store.db.prepare('INSERT INTO campaign_counts (campaign_id, day, received, shown, told, dismissed) VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('C-A', day(6), 5, 4, 3, 1);
    insert.run('C-A', day(7), 100, 100, 100, 100);

    const expected = {
      campaigns: [
        { campaignId: 'C-A', today: { received: 2, shown: 2, told: 1, dismissed: 0 }, week: { received: 7, shown: 6, told: 4, dismissed: 1 } },
        { campaignId: 'C-B', today: { received: 1, shown: 1, told: 0, dismissed: 1 }, week: { received: 1, shown: 1, told: 0, dismissed: 1 } },
      ],
    };
    expect(await c.api['prompts.stats']({})).toEqual(expected);
    const dispatched = await c.dispatch('prompts.stats', {});
    expect(dispatched).toEqual({ ok: true, value: expected });

    // Custobar says Aino and Eero are forgotten (customers export): their prompts go at once, the counts stay.
    const ingested = c.exports.ingest('customers', [{ external_id: AINO, is_forgotten: true }, { phone_number: '+358501112233', is_forgotten: true }], { partial: false, source: 'test' });
    expect(ingested.accepted).toBe(2);
    expect(c.prompts.store.db.prepare('SELECT count(*) AS n FROM campaign_prompts').get()).toEqual({ n: 0 });
    expect(c.checkout.checkout.get().prompts).toEqual([]);
    expect(await c.api['prompts.stats']({})).toEqual(expected);
  });

  it('reads the pull address on its schedule, with the campaigns secret as a bearer token; an unchanged feed adds nothing', async () => {
    const seen: (string | undefined)[] = [];
    let status = 200;
    const feed = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: [item({ external_id: AINO }, 'C-PULL', 'Pulled from the campaign feed')] }));
    });
    servers.push(feed);
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/prompts`;
    const c = track(await promptsCompanion(sim, { campaigns: { pullUrl: url, pullSchedule: '*/1 * * * * *' } }));
    await waitFor(() => seen.length >= 3, 10_000, 'three pulls');
    expect(seen.every((h) => h === `Bearer ${SECRET}`)).toBe(true);
    expect((await c.api['prompts.stats']({})).campaigns).toEqual([{ campaignId: 'C-PULL', today: { received: 1, shown: 0, told: 0, dismissed: 0 }, week: { received: 1, shown: 0, told: 0, dismissed: 0 } }]);
    expect((await scanCard(c, AINO)).prompts.map((p) => p.message)).toEqual(['Pulled from the campaign feed']);

    // A failing feed is a warning on the Status view, gone with the next good read.
    status = 503;
    await waitFor(() => c.context.warnings.list().some((w) => w.code === 'campaigns_pull'), 10_000, 'the pull warning');
    expect(c.context.warnings.list().find((w) => w.code === 'campaigns_pull')!.message).toMatch(/answered 503/);
    status = 200;
    await waitFor(() => !c.context.warnings.list().some((w) => w.code === 'campaigns_pull'), 10_000, 'the warning to clear');
  });

  it('refuses a plain-http pull address off this computer (the secret would travel in clear text)', async () => {
    const c = track(await promptsCompanion(sim));
    await expect(c.api['settings.update']({ patch: { campaigns: { pullUrl: 'http://campaigns.example.com/feed' } } })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(c.api['settings.update']({ patch: { campaigns: { pullUrl: 'https://campaigns.example.com/feed', pullSchedule: '*/5 * * * *' } } })).resolves.toBeTruthy();
  });
});

describe('campaign prompts in the demo and on the desktop ingest port', () => {
  it('the demo has a prompt for Eero’s card from the start, and its simulator pushes to the app', async () => {
    const service = await startService(parseServiceArgs(['--port', '0', '--data-dir', tempDir(), '--api-token', TOKEN, '--demo', '--no-demo-feed'], {}), { logger: createMemoryLogger() });
    try {
      const state = await scanCard(service.companion, EERO);
      expect(state.prompts).toHaveLength(1);
      expect(state.prompts[0]).toMatchObject({ campaignId: 'DEMO-GARDEN-WEEK', message: expect.stringContaining('Garden week') });
      const call = await service.demo!.simulator.sendPrompts({ items: [item({ external_id: AINO }, 'DEMO-PUSH', 'Pushed in the demo')] });
      expect(call).toMatchObject({ status: 200, reply: { stored: 1 } });
    } finally {
      await service.stop();
    }
  });

  it('the campaigns secret alone opens the desktop app’s ingest port for the webhook', async () => {
    const { app } = await startDesktopApp({ TILL_CAMPAIGNS_SECRET: SECRET });
    try {
      expect(app.server).not.toBeNull();
      const res = await fetch(`${app.server!.url}/webhooks/campaigns`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: SECRET }, body: JSON.stringify({ items: [item({ external_id: AINO }, 'C-DESK', 'On the desktop')] }) });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ received: 1, stored: 1 });
    } finally {
      await app.stop();
    }
  });
});
