import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from '../helpers/browser';
import { api, startServiceProcess, type ServiceProcess } from '../helpers/service-process';

/**
 * The customer at the till, in headless Chromium against the built service in demo mode: the card's
 * recent purchases (from Custobar, and offline from the till's own outbox) and a Custobar campaign's
 * prompt, answered by the cashier.
 */
describe('recent purchases and campaign prompts on the customer card', () => {
  let service: ServiceProcess;
  let browser: Browser;
  let page: Page;
  let sim: string;
  const problems: string[] = [];

  const simPost = (path: string, body: unknown) => fetch(`${sim}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const ingestSale = async (id: string, customer: string, total: number) => {
    const row = { sale_external_id: id, sale_customer_id: customer, sale_date: new Date().toISOString(), sale_shop_id: 'STORE-E2E', sale_total: total, product_id: 'P-E2E', quantity: 2, unit_price: total / 2, total };
    const res = await fetch(`${service.base}/ingest/sales`, { method: 'POST', headers: { authorization: `Bearer ${service.token}`, 'content-type': 'application/json' }, body: JSON.stringify([row]) });
    expect(res.status).toBe(202);
  };
  const pendingSales = async () =>
    (await api<{ value: { exports: { types: { type: string; pending: number; inFlight: number }[] } } }>(service.base, service.token, 'status.get')).body.value.exports.types.find((t) => t.type === 'sales')!;
  const scan = async (card: string) => {
    await page.keyboard.press('Escape');
    await page.getByPlaceholder('Type a card number and press Enter').fill(card);
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-card').waitFor();
  };

  beforeAll(async () => {
    service = await startServiceProcess(['--demo', '--no-demo-feed', '--port', '0']);
    browser = await launchBrowser();
    const opened = await openPage(browser, service.url, { width: 420, height: 900 });
    page = opened.page;
    problems.push(...opened.problems);
    sim = (await api<{ value: { custobar: { target: string } } }>(service.base, service.token, 'status.get')).body.value.custobar.target;
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('a purchase uploaded to Custobar for a demo customer appears on the card after a scan, below the benefits', async () => {
    await ingestSale('E2E-SALE-1', 'CU-7H3K9P2A', 2590);
    expect((await api(service.base, service.token, 'exports.sendNow', { type: 'sales' })).status).toBe(200);
    await expect.poll(async () => (await pendingSales()).pending + (await pendingSales()).inFlight, { timeout: 30_000 }).toBe(0);
    await scan('CU-7H3K9P2A');
    const purchase = page.getByTestId('activity-purchase').filter({ hasText: 'Store STORE-E2E' });
    await purchase.waitFor({ timeout: 15_000 });
    await expect(purchase.textContent()).resolves.toContain('€25.90');
    await expect(purchase.textContent()).resolves.toContain('2 × P-E2E');
    // The panel comes after the benefits on the card.
    const order = await page.evaluate<number>(
      "(() => { const b = document.querySelector('[data-testid=\"benefits\"]'); const a = document.querySelector('[data-testid=\"activity\"]'); return b && a ? b.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING : -1; })()",
    );
    expect(order).toBeGreaterThan(0);
  });

  it('offline, the card shows the till’s own recent sale from the outbox', async () => {
    // Known to this till first (the customer cache), then Custobar goes away: uploads and the data API.
    await scan('CU-9R2W5X8L');
    await page.getByTestId('activity').waitFor();
    expect((await simPost('/__sim/faults', { uploads: { down: true }, data: { down: true } })).status).toBe(200);
    try {
      await ingestSale('E2E-SALE-OFF', 'CU-9R2W5X8L', 1200);
      await scan('CU-9R2W5X8L');
      // The customer from the till's memory (Custobar is unreachable), and the sale made here, not sent yet.
      await page.getByTestId('customer-card').getByText('Offline').waitFor();
      const own = page.getByTestId('activity-purchase').filter({ hasText: '€12.00' });
      await own.waitFor({ timeout: 15_000 });
      await expect(own.textContent()).resolves.toContain('Store STORE-E2E');
      expect((await pendingSales()).pending + (await pendingSales()).inFlight).toBeGreaterThan(0);
    } finally {
      await simPost('/__sim/faults', { uploads: { down: false }, data: { down: false } });
    }
  });

  it('a prompt pushed to the webhook shows when its customer is scanned, as text; “Told the customer” sends the event and it does not show again', async () => {
    const markup = '<img src=x onerror="window.__xss=1"><b>Double points</b> on garden tools today';
    const pushed = await simPost('/__sim/campaigns', { items: [{ customer: { external_id: 'CU-3B6N0V4C' }, campaign_id: 'E2E-CAMP', message: markup }] });
    expect(pushed.status).toBe(200);
    await scan('CU-3B6N0V4C');
    const prompt = page.getByTestId('campaign-prompt');
    await prompt.waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('prompt-message').textContent()).resolves.toBe(markup);
    // Shown as text: no element came out of the markup, and nothing in it ran.
    await expect(prompt.locator('img, b').count()).resolves.toBe(0);
    await expect(page.evaluate('typeof window.__xss')).resolves.toBe('undefined');

    await prompt.getByRole('button', { name: 'Told the customer' }).click();
    await prompt.waitFor({ state: 'detached', timeout: 10_000 });
    expect((await api(service.base, service.token, 'exports.sendNow', { type: 'events' })).status).toBe(200);
    await expect
      .poll(
        async () => {
          const res = await fetch(`${sim}/api/data/events/?campaign_id=E2E-CAMP`, { headers: { authorization: 'Token demo-token' } });
          return ((await res.json()) as { events?: { type: string; shop_id: string; till_id: string }[] }).events ?? [];
        },
        { timeout: 30_000 },
      )
      .toEqual([expect.objectContaining({ type: 'TILL_PROMPT_SHOWN', shop_id: expect.any(String), till_id: expect.any(String) })]);

    await scan('CU-3B6N0V4C');
    await page.getByTestId('activity').waitFor();
    await expect(page.getByTestId('campaign-prompt').count()).resolves.toBe(0);

    // The manager sees it: received, shown and told today.
    await page.keyboard.press('F2');
    const row = page.getByTestId('campaign-row').filter({ hasText: 'E2E-CAMP' });
    await row.waitFor({ timeout: 10_000 });
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 4)).toEqual(['1', '1', '1', '0']);
    await page.keyboard.press('F1');
  });

  it('keyboard only: Tab reaches “Dismiss”, Enter dismisses, and Custobar gets the dismissal', async () => {
    expect((await simPost('/__sim/campaigns', { items: [{ customer: { external_id: 'CU-7H3K9P2A' }, campaign_id: 'E2E-KEYS', message: 'Ask about the new loyalty app' }] })).status).toBe(200);
    await scan('CU-7H3K9P2A');
    const prompt = page.getByTestId('campaign-prompt').filter({ hasText: 'new loyalty app' });
    await prompt.waitFor({ timeout: 10_000 });
    let reached = false;
    for (let i = 0; i < 60 && !reached; i += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate<boolean>("(() => { const el = document.activeElement; return !!el && el.textContent === 'Dismiss' && !!el.closest('[data-testid=campaign-prompt]'); })()");
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await prompt.waitFor({ state: 'detached', timeout: 10_000 });
    expect((await api(service.base, service.token, 'exports.sendNow', { type: 'events' })).status).toBe(200);
    await expect
      .poll(
        async () => {
          const res = await fetch(`${sim}/api/data/events/?campaign_id=E2E-KEYS`, { headers: { authorization: 'Token demo-token' } });
          return (((await res.json()) as { events?: { type: string }[] }).events ?? []).map((e) => e.type);
        },
        { timeout: 30_000 },
      )
      .toEqual(['TILL_PROMPT_DISMISSED']);
  });

  it('demo mode shows a prompt for a demo card from the start', async () => {
    await scan('CU-4M8Q1Z6T');
    await page.getByTestId('campaign-prompt').waitFor({ timeout: 10_000 });
    expect(problems).toEqual([]);
  });
});
