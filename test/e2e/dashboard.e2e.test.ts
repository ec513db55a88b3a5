import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../helpers/browser';
import { api, startServiceProcess, type ServiceProcess } from '../helpers/service-process';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the simulator's inspection endpoints return loose JSON
const simJson = async (url: string): Promise<any> => (await fetch(url)).json();

describe('the manager dashboard: history charts, totals, audit screens, failed-record tools (service mode, demo feed)', () => {
  let service: ServiceProcess;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let simUrl: string;
  const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
    const reply = await api<{ ok: boolean; value: T; error?: unknown }>(service.base, service.token, method, input);
    if (!reply.body.ok) throw new Error(`${method}: ${JSON.stringify(reply.body.error)}`);
    return reply.body.value;
  };
  const ingest = (type: string, records: unknown[]) =>
    fetch(`${service.base}/ingest/${type}`, { method: 'POST', headers: { Authorization: `Bearer ${service.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(records) });

  beforeAll(async () => {
    // The demo feed streams sample sales into the ingest API; they are delivered to the simulator.
    service = await startServiceProcess(['--demo', '--port', '0']);
    simUrl = (await call<{ custobar: { target: string } }>('status.get')).custobar.target;
    await call('manager.setPin', { newPin: '2468' });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser, service.url, { width: 800, height: 900 }));
    await page.getByRole('heading', { name: 'Till Companion' }).waitFor();
    await page.evaluate(`window.cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI))`);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('charts the demo feed’s deliveries (uPlot under the strict CSP, no violations) and totals the day’s redemptions and voids', async () => {
    // The feed's sales are delivered: the history has sent records (sampled on each read, and once a minute).
    await expect
      .poll(async () => (await call<{ points: { sent: number }[] }>('history.series', { range: '24h' })).points.reduce((n, p) => n + p.sent, 0), { timeout: 60_000, interval: 1000 })
      .toBeGreaterThan(0);
    // A redemption, then its void.
    await call('scans.submit', { source: 'manual', raw: 'CU-7H3K9P2A' });
    await expect.poll(async () => (await call<{ benefits: { id: string }[] }>('checkout.get')).benefits.map((b) => b.id), { timeout: 15_000 }).toContain('B-1002');
    const redeemed = await call<{ id: string; state: string }>('checkout.redeem', { benefitId: 'B-1002' });
    await expect.poll(async () => (await call<{ id: string; state: string }[]>('redemptions.today')).find((r) => r.id === redeemed.id)?.state, { timeout: 15_000 }).toBe('committed');
    await call('redemptions.void', { redemptionId: redeemed.id, reason: 'Wrong customer', pin: '2468' });
    await expect.poll(async () => (await call<{ day: { voids: number } }>('history.totals')).day.voids, { timeout: 20_000 }).toBe(1);

    await page.keyboard.press('F2');
    const dashboard = page.getByTestId('dashboard');
    await dashboard.waitFor();
    await expect(page.getByTestId('totals-day-redemptions').textContent()).resolves.toBe('1');
    await expect(page.getByTestId('totals-day-voids').textContent()).resolves.toBe('1');
    await expect(page.getByTestId('totals-shift-redemptions').textContent()).resolves.toBe('1');
    const activity = page.getByTestId('chart-activity');
    await activity.locator('canvas').waitFor();
    expect(Number(await activity.getAttribute('data-points'))).toBeGreaterThan(0);
    expect(Number(await activity.getAttribute('data-max'))).toBeGreaterThan(0);
    await page.getByTestId('chart-queue').locator('canvas').waitFor();
    // uPlot's own legend lists the series by name.
    await expect(activity.locator('.u-legend').textContent()).resolves.toMatch(/Sent.*Redemptions.*Voids/);
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Last 7 days' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('chart-activity').locator('canvas').waitFor();
    await screenshot(page, 'dashboard');
    // uPlot's CSS came as a bundled file, its element styles through the CSSOM: nothing the CSP refused.
    expect(await page.evaluate<string[]>('window.cspViolations')).toEqual([]);
    expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    const sheets = await page.evaluate<string[]>("[...document.styleSheets].map((s) => s.href ?? 'inline')");
    expect(sheets.every((h) => h !== 'inline')).toBe(true);
  });

  it('failed records: the PIN prompt says what it unlocks; filter by type and reason, view a record, bulk retry and bulk discard with a reason', async () => {
    await fetch(`${simUrl}/__sim/faults`, { method: 'POST', body: JSON.stringify({ uploads: { rejectKeys: ['BAD-1', 'BAD-2', 'BAD-3'] } }) });
    expect((await ingest('products', [{ external_id: 'BAD-1', price: 1 }, { external_id: 'BAD-2', price: 2 }, { external_id: 'BAD-3', price: 3 }, { external_id: 'OK-1', price: 4 }])).status).toBe(202);
    const card = page.getByTestId('dead-letters');
    await card.waitFor({ timeout: 20_000 });
    await card.getByText('Enter the manager PIN to see failed records').waitFor();
    await card.getByLabel('Manager PIN').fill('2468');
    await card.getByRole('button', { name: 'Unlock' }).click();
    const dead = page.getByTestId('dead-letter');
    await expect.poll(() => dead.count(), { timeout: 20_000 }).toBe(3);

    // Filters: by type (the core's), by reason (among the listed).
    await page.getByTestId('dead-filter-type').selectOption('sales');
    await expect.poll(() => dead.count()).toBe(0);
    await page.getByTestId('dead-filter-type').selectOption('products');
    await expect.poll(() => dead.count()).toBe(3);
    const reasonTexts = await dead.getByTestId('dead-reason').allTextContents();
    const distinct = [...new Set(reasonTexts)];
    expect(reasonTexts.every((r) => /refused by the account's rules/.test(r))).toBe(true);
    await expect(page.getByTestId('dead-filter-reason').locator('option').allTextContents()).resolves.toEqual(['All reasons', ...distinct.sort()]);
    await page.getByTestId('dead-filter-reason').selectOption({ label: distinct[0]! });
    await expect.poll(() => dead.count()).toBe(reasonTexts.filter((r) => r === distinct[0]).length);
    await page.getByTestId('dead-filter-reason').selectOption({ label: 'All reasons' });
    await expect.poll(() => dead.count()).toBe(3);
    await expect(page.getByTestId('dead-shown').textContent()).resolves.toBe('3 of 3 shown');

    // The record viewer.
    const bad3 = dead.filter({ hasText: 'BAD-3' });
    await bad3.getByRole('button', { name: 'View' }).click();
    await expect(bad3.getByTestId('dead-record').textContent()).resolves.toContain('"external_id": "BAD-3"');

    // Bulk retry: all three are sent again, refused again, and come back.
    const uploads = (await simJson(`${simUrl}/__sim/state`)).uploads as number;
    await page.getByLabel('Select all shown').check();
    await expect(page.getByTestId('dead-selected').textContent()).resolves.toBe('selected: 3');
    await page.getByRole('button', { name: 'Retry selected' }).click();
    await page.getByText('Sent back to the queue.').waitFor();
    await expect.poll(async () => (await simJson(`${simUrl}/__sim/state`)).uploads as number, { timeout: 15_000 }).toBeGreaterThan(uploads);
    await expect.poll(() => dead.count(), { timeout: 20_000 }).toBe(3);

    // Bulk discard of two, with a reason (required).
    await page.getByLabel('Select BAD-1').check();
    await page.getByLabel('Select BAD-2').check();
    await page.getByRole('button', { name: 'Discard selected' }).click();
    await page.getByTestId('bulk-discard-reason').fill('Test products, never sold');
    await page.getByRole('button', { name: 'Discard 2 for good' }).click();
    await page.getByText('Discarded: 2.').waitFor();
    await expect.poll(() => dead.count(), { timeout: 15_000 }).toBe(1);
    await expect(dead.first().textContent()).resolves.toContain('BAD-3');
  });

  it('the audit screens list the redemption steps and the manual actions on failed records', async () => {
    await page.getByTestId('audit-open').click();
    const card = page.getByTestId('audit-card');
    // Unlocked above: the page holds the PIN for a while.
    const rows = card.getByTestId('redemption-audit-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(1);
    const text = (await card.getByTestId('redemption-audit-table').textContent()) ?? '';
    expect(text).toContain('Redeem');
    expect(text).toContain('committed as');
    expect(text).toContain('Void');
    expect(text).toContain('voided');
    await card.getByTestId('audit-tab-deadLetters').click();
    const deadRows = card.getByTestId('dead-letter-audit-row');
    await expect.poll(() => deadRows.count(), { timeout: 10_000 }).toBe(5);
    const discards = deadRows.filter({ hasText: 'Test products, never sold' });
    await expect(discards.count()).resolves.toBe(2);
    await expect(deadRows.filter({ hasText: 'Retry' }).count()).resolves.toBe(3);
    await screenshot(page, 'dashboard-audit');
  });
});
