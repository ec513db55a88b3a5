import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from '../helpers/browser';
import { api, startServiceProcess, type ServiceProcess } from '../helpers/service-process';

type Change = { external_id: string; can_sms: boolean | null; can_email: boolean | null; source: string };

/** Custobar changes a permission; one poll later the card and the POS feed show it. */
describe('marketing permissions read back from Custobar, in headless Chromium', () => {
  let service: ServiceProcess;
  let browser: Browser;
  let page: Page;
  let sim: string;

  beforeAll(async () => {
    service = await startServiceProcess(['--demo', '--no-demo-feed', '--port', '0']);
    browser = await launchBrowser();
    ({ page } = await openPage(browser, service.url));
    sim = (await api<{ value: { custobar: { target: string } } }>(service.base, service.token, 'status.get')).body.value.custobar.target;
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  const feed = async (): Promise<Change[]> => {
    const res = await fetch(`${service.base}/ingest/permissions?limit=5000`, { headers: { authorization: `Bearer ${service.token}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { changes: Change[] }).changes;
  };

  it('a permission changed in the simulator shows on the customer card and in GET /ingest/permissions after one poll', async () => {
    // A first poll is the baseline: Aino is known with SMS permission.
    await page.keyboard.press('F2');
    await page.getByRole('button', { name: 'Read now' }).click();
    await expect.poll(async () => (await feed()).find((c) => c.external_id === 'CU-7H3K9P2A')?.can_sms, { timeout: 15_000 }).toBe(true);

    // In Custobar, Aino withdraws SMS permission (no webhook here: only a poll can bring it).
    const changed = await fetch(`${sim}/__sim/permissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ external_id: 'CU-7H3K9P2A', can_sms: false }) });
    expect(changed.status).toBe(200);
    await page.getByRole('button', { name: 'Read now' }).click();
    await expect.poll(async () => (await feed()).find((c) => c.external_id === 'CU-7H3K9P2A'), { timeout: 15_000 }).toMatchObject({ can_sms: false, source: 'poll' });

    await page.keyboard.press('F1');
    await page.getByPlaceholder('Type a card number and press Enter').fill('CU-7H3K9P2A');
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-name').filter({ hasText: /^Aino Virtanen$/ }).waitFor();
    await expect(page.getByTestId('consent-sms').getAttribute('data-state')).resolves.toBe('no');
    await expect(page.getByTestId('consent-email').getAttribute('data-state')).resolves.toBe('yes');
    await expect(page.getByTestId('consent-change').textContent()).resolves.toMatch(/from Custobar$/);
  });
});
