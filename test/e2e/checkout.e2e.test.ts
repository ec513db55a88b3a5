import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, screenshot } from '../helpers/browser';
import type { PtyPair } from '../helpers/pty';
import { startScannerSession, type ScannerSession } from '../helpers/scanner-session';
import { api, startServiceProcess, type ServiceProcess } from '../helpers/service-process';

type SimState = { redemptions: { id: string; benefit_id: string; status: string; till_id: string }[]; benefits: { id: string; uses_left: number | null }[] };

describe('checkout in headless Chromium: service mode with a scanner on a pty', () => {
  let pty: PtyPair;
  let service: ServiceProcess;
  let browser: Browser;
  let page: Page;
  let sim: string;
  const state = async (): Promise<SimState> => (await fetch(`${sim}/__sim/state`)).json() as Promise<SimState>;
  const faults = (patch: unknown) => fetch(`${sim}/__sim/faults`, { method: 'POST', body: JSON.stringify(patch) });
  const scan = async (card: string) => {
    // Esc first, as a cashier does between customers; the scan follows once the new checkout is shown.
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Scan the customer’s loyalty card' }).waitFor();
    await pty.write(`${card}\r`);
  };
  const benefit = (p: Page, title: RegExp | string) => p.getByRole('button', { name: title });

  let session: ScannerSession;

  beforeAll(async () => {
    session = await startScannerSession(['--demo', '--no-demo-feed', '--till-id', 'TILL-A']);
    ({ pty, service, browser, page } = session);
    sim = (await api<{ value: { benefits: { target: string } } }>(service.base, service.token, 'status.get')).body.value.benefits.target;
  });

  afterAll(async () => session?.close());

  it('scan → customer and benefits → apply: the simulator holds exactly one redemption', async () => {
    await scan('CU-7H3K9P2A');
    await page.getByTestId('customer-name').filter({ hasText: /^Aino Virtanen$/ }).waitFor();
    await expect(page.getByTestId('customer-card').textContent()).resolves.toContain('+•••••••••567');
    await benefit(page, /-20 % dog food/).waitFor();
    await screenshot(page, 'checkout-customer');
    await benefit(page, /-20 % dog food/).click();
    await page.getByTestId('benefit-B-1001').getByText('Applied ✓').waitFor();
    await page.getByTestId('flash-success').waitFor({ state: 'attached' });
    const s = await state();
    expect(s.redemptions.filter((r) => r.benefit_id === 'B-1001')).toHaveLength(1);
    expect(s.redemptions[0]).toMatchObject({ status: 'committed', till_id: 'TILL-A' });
    await screenshot(page, 'checkout-applied');
    // Fits beside the till: nothing wider than 400 px.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
  });

  it('a reply lost after the commit still gives exactly one redemption', async () => {
    const before = (await state()).redemptions.length;
    await faults({ redemptions: { commitThenReset: 1 } });
    await benefit(page, /Free coffee/).click();
    await page.getByTestId('benefit-B-1002').getByText('Confirming…').waitFor();
    await expect.poll(async () => (await state()).redemptions.length).toBe(before + 1);
    await faults({ redemptions: { commitThenReset: 0 } });
    await page.getByTestId('benefit-B-1002').getByText('Applied ✓').waitFor({ timeout: 20_000 });
    expect((await state()).redemptions.length).toBe(before + 1);
  });

  it('a double click gives one redemption', async () => {
    const before = (await state()).redemptions.length;
    await benefit(page, /5 € off over 50 €/).dblclick();
    await page.getByTestId('benefit-B-1003').getByText('Applied ✓').waitFor();
    await new Promise((r) => setTimeout(r, 300));
    expect((await state()).redemptions.length).toBe(before + 1);
  });

  it('applies by number key and starts a new customer with Esc', async () => {
    await scan('CU-4M8Q1Z6T');
    await page.getByTestId('customer-name').filter({ hasText: /^Eero Korhonen$/ }).waitFor();
    await benefit(page, /-15 % garden tools/).waitFor();
    await page.keyboard.press('1');
    await page.getByTestId('benefit-B-2001').getByText('Applied ✓').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Scan the customer’s loyalty card' }).waitFor();
  });

  it('two tills redeem the same single-use benefit: one succeeds, the other shows the conflict', async () => {
    const other = await startServiceProcess(['--port', '0', '--custobar-url', sim, '--benefits-url', sim, '--till-id', 'TILL-B'], {
      env: { TILL_CUSTOBAR_TOKEN: 'demo-token', TILL_BENEFITS_TOKEN: 'demo-token' },
    });
    const { page: pageB } = await openPage(browser, other.url);
    try {
      await scan('CU-9R2W5X8L');
      await pageB.getByPlaceholder('Type a card number and press Enter').fill('CU-9R2W5X8L');
      await pageB.keyboard.press('Enter');
      await benefit(page, /10 € birthday voucher/).waitFor();
      await benefit(pageB, /10 € birthday voucher/).waitFor();
      await benefit(page, /10 € birthday voucher/).click();
      await page.getByTestId('benefit-B-3001').getByText('Applied ✓').waitFor();
      await benefit(pageB, /10 € birthday voucher/).click();
      await pageB.getByTestId('benefit-B-3001').getByText('This benefit has already been used').waitFor();
      await expect(benefit(pageB, /10 € birthday voucher/).isDisabled()).resolves.toBe(true);
      await screenshot(pageB, 'checkout-conflict');
      expect((await state()).redemptions.filter((r) => r.benefit_id === 'B-3001')).toHaveLength(1);
    } finally {
      await pageB.close();
      await other.stop();
    }
  });

  it('a void reaches the simulator and the benefit is available again', async () => {
    await page.getByText(/Today's redemptions/).click();
    const row = page.getByTestId('today-row').filter({ hasText: '10 € birthday voucher' });
    // Who it was for: the first name with the masked phone, never the whole number.
    await expect(row.getByTestId('today-customer').textContent()).resolves.toMatch(/^\p{L}+ \+•+\d{3}$/u);
    await row.getByRole('button', { name: 'Void' }).click();
    // The preset reasons, plus free text under "Other reason…".
    await expect(row.getByLabel('Reason').locator('option').allTextContents()).resolves.toEqual([
      'Wrong customer',
      'Wrong benefit',
      'The customer changed their mind',
      'The sale was cancelled',
      'Other reason…',
    ]);
    await row.getByLabel('Reason').selectOption('Other reason…');
    await row.getByPlaceholder('Why void it?').fill('Customer changed their mind twice');
    await row.getByRole('button', { name: 'Void' }).click();
    await row.getByText('Voided', { exact: true }).waitFor();
    const voided = (await state()).redemptions.find((r) => r.benefit_id === 'B-3001');
    expect(voided).toMatchObject({ status: 'voided', void_reason: 'Customer changed their mind twice' });
    await scan('CU-9R2W5X8L');
    await expect(benefit(page, /10 € birthday voucher/).isEnabled()).resolves.toBe(true);
  });

  it('with a manager PIN set, a void asks for it, saying so, and is refused with a wrong one', async () => {
    expect((await api(service.base, service.token, 'manager.setPin', { newPin: '1357' })).status).toBe(200);
    await benefit(page, /10 € birthday voucher/).click();
    await page.getByTestId('benefit-B-3001').getByText('Applied ✓').waitFor();
    const row = page.getByTestId('today-row').filter({ hasText: '10 € birthday voucher' }).filter({ has: page.getByRole('button', { name: 'Void' }) });
    await row.getByRole('button', { name: 'Void' }).click();
    const pinField = row.getByLabel('Enter the manager PIN to void a redemption');
    await pinField.waitFor();
    await row.getByLabel('Reason').selectOption('Wrong customer');
    await pinField.fill('0000');
    await row.getByRole('button', { name: 'Void' }).click();
    await page.getByTestId('checkout-error').filter({ hasText: 'Wrong manager PIN.' }).waitFor();
    const open = () => state().then((s) => s.redemptions.filter((r) => r.benefit_id === 'B-3001' && r.status === 'committed'));
    await expect(open()).resolves.toHaveLength(1);
    await pinField.fill('1357');
    await row.getByRole('button', { name: 'Void' }).click();
    await expect.poll(async () => (await open()).length, { timeout: 10_000 }).toBe(0);
    const voided = (await state()).redemptions.filter((r) => r.benefit_id === 'B-3001' && (r as { void_reason?: string }).void_reason === 'Wrong customer');
    expect(voided).toHaveLength(1);
  });

  it('offline, redemption is blocked up front and the message says why', async () => {
    await faults({ benefits: { down: true }, redemptions: { down: true }, data: { down: true } });
    try {
      await scan('CU-7H3K9P2A');
      await page.getByTestId('customer-card').getByText('Offline').waitFor();
      await page.getByTestId('checkout-message').filter({ hasText: /Offline|memory/ }).first().waitFor();
      const before = (await state()).redemptions.length;
      // Disabled before any click, with the reason above the list (test/e2e/cashier.e2e.test.ts has more).
      await expect.poll(() => benefit(page, /Free coffee/).isDisabled()).toBe(true);
      await expect(page.getByTestId('benefits-notice-offline').textContent()).resolves.toBe('No connection to the benefits service: benefits cannot be applied right now.');
      // The core refuses it as well, whoever asks.
      const refused = await api<{ ok: boolean; error: { message: string } }>(service.base, service.token, 'checkout.redeem', { benefitId: 'B-1002' });
      expect(refused.body).toMatchObject({ ok: false, error: { message: 'No connection to the benefits service: benefits cannot be redeemed while offline.' } });
      // Its number key gives the failure flash.
      await page.keyboard.press('1');
      await page.getByTestId('flash-failure').waitFor({ state: 'attached' });
      await screenshot(page, 'checkout-offline');
      expect((await state()).redemptions.length).toBe(before);
    } finally {
      await faults({ benefits: { down: false }, redemptions: { down: false }, data: { down: false } });
    }
  });
});
