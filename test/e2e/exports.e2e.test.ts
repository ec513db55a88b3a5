import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../helpers/browser';
import { api, startServiceProcess, type ServiceProcess } from '../helpers/service-process';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the simulator's inspection endpoints return loose JSON
const simJson = async (url: string): Promise<any> => (await fetch(url)).json();

describe('sync status and dead letters in the UI (service mode, demo simulator)', () => {
  let service: ServiceProcess;
  let browser: Browser;
  let page: Page;
  let simUrl: string;
  const ingest = (type: string, records: unknown[]) =>
    fetch(`${service.base}/ingest/${type}`, { method: 'POST', headers: { Authorization: `Bearer ${service.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(records) });

  beforeAll(async () => {
    service = await startServiceProcess(['--demo', '--no-demo-feed', '--port', '0']);
    const status = await api<{ value: { custobar: { target: string } } }>(service.base, service.token, 'status.get');
    simUrl = status.body.value.custobar.target;
    browser = await launchBrowser();
    ({ page } = await openPage(browser, service.url));
    await page.getByRole('heading', { name: 'Till Companion' }).waitFor();
    await page.keyboard.press('F2');
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('shows a backlog draining with a progress bar, then everything sent', async () => {
    await fetch(`${simUrl}/__sim/faults`, { method: 'POST', body: JSON.stringify({ uploads: { latencyMs: 400 } }) });
    const products = Array.from({ length: 3000 }, (_, i) => ({ external_id: `P-${i}`, title: `Product ${i}`, price: i + 1 }));
    expect((await ingest('products', products)).status).toBe(202);
    await page.getByRole('progressbar', { name: 'Sending the backlog' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'exports-draining');
    await page.getByTestId('pending-products').filter({ hasText: /^0 waiting$/ }).waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('export-products').textContent()).resolves.toMatch(/last sent \d\d\/\d\d\/\d{4}, \d\d:\d\d \(\d+ secs? ago\)/);
    await fetch(`${simUrl}/__sim/faults`, { method: 'POST', body: JSON.stringify({ uploads: { latencyMs: 0 } }) });
  });

  it('lists a poison record with Custobar’s reason; the manager retries, fixes and discards', async () => {
    await fetch(`${simUrl}/__sim/faults`, { method: 'POST', body: JSON.stringify({ uploads: { rejectKeys: ['BAD-1', 'BAD-2'] } }) });
    expect((await ingest('products', [{ external_id: 'BAD-1', price: 1 }, { external_id: 'BAD-2', price: 2 }, { external_id: 'GOOD-1', price: 3 }])).status).toBe(202);
    const dead = page.getByTestId('dead-letter');
    await expect.poll(() => dead.count(), { timeout: 15_000 }).toBe(2);
    await expect(dead.first().getByTestId('dead-reason').textContent()).resolves.toMatch(/refused by the account's rules/);
    await screenshot(page, 'exports-dead-letters');

    // Fix: the corrected record gets a new id that Custobar accepts.
    const bad2 = dead.filter({ hasText: 'BAD-2' });
    await bad2.getByRole('button', { name: 'Fix' }).click();
    await bad2.getByLabel('Record (JSON)').fill(JSON.stringify({ external_id: 'FIXED-2', price: 2 }));
    await bad2.getByRole('button', { name: 'Save and retry' }).click();
    await expect.poll(async () => (await simJson(`${simUrl}/__sim/records`)).products.some((p: { external_id: string }) => p.external_id === 'FIXED-2'), { timeout: 15_000 }).toBe(true);

    // Retry: still refused, so it comes back to the dead letters with the same reason.
    const bad1 = page.getByTestId('dead-letter').filter({ hasText: 'BAD-1' });
    const before = (await simJson(`${simUrl}/__sim/state`)).uploads as number;
    await bad1.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(async () => (await simJson(`${simUrl}/__sim/state`)).uploads as number, { timeout: 15_000 }).toBeGreaterThan(before);
    await expect.poll(() => page.getByTestId('dead-letter').count(), { timeout: 15_000 }).toBe(1);
    await bad1.getByRole('button', { name: 'Discard' }).click();
    await bad1.getByPlaceholder('Why discard it?').fill('Test product, never sold');
    await bad1.getByRole('button', { name: 'Discard for good' }).click();
    await page.getByTestId('dead-letters').waitFor({ state: 'detached', timeout: 15_000 });
    const audit = await api<{ value: { action: string; key: string; reason: string | null }[] }>(service.base, service.token, 'deadLetters.audit');
    expect(audit.body.value.map((a) => [a.action, a.key, a.reason])).toEqual([
      ['discard', 'BAD-1', 'Test product, never sold'],
      ['retry', 'BAD-1', null],
      ['fix', 'BAD-2', null],
    ]);
  });

  it('once a manager PIN is set, failed records are shown only after it is entered, and the page never held them before', async () => {
    expect((await api(service.base, service.token, 'manager.setPin', { newPin: '8642' })).status).toBe(200);
    expect((await ingest('products', [{ external_id: 'BAD-2', title: 'Secret product', price: 9 }])).status).toBe(202);
    // A fresh page: the PIN is not known there.
    const { page: fresh, problems } = await openPage(browser, service.url);
    await fresh.getByRole('heading', { name: 'Till Companion' }).waitFor();
    await fresh.keyboard.press('F2');
    const card = fresh.getByTestId('dead-letters');
    await card.getByText('Enter the manager PIN to see failed records').waitFor({ timeout: 15_000 });
    await expect(card.getByTestId('dead-letter').count()).resolves.toBe(0);
    await expect(fresh.content()).resolves.not.toContain('Secret product');
    await card.getByLabel('Manager PIN').fill('8642');
    await card.getByRole('button', { name: 'Unlock' }).click();
    await card.getByTestId('dead-letter').filter({ hasText: 'BAD-2' }).waitFor();
    // No refused calls were made on the way: the page asked the core only once it had the PIN.
    expect(problems, problems.join('\n')).toEqual([]);
    const refused = await api(service.base, service.token, 'deadLetters.list', {});
    expect(refused.status).toBe(403);
    await fresh.context().close();
  });
});
