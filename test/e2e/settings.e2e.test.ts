import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from '../helpers/browser';
import { api, startServiceProcess, type ServiceProcess } from '../helpers/service-process';

const SECTIONS = ['Connection', 'Customers', 'Benefits', 'Scanner', 'Card numbers', 'Exports', 'Offline', 'Fleet monitoring', 'Campaign prompts', 'General'];

/** The built service in demo mode, driven in headless Chromium: the link screen, Settings' sections, field errors, the PIN. */
describe('settings, the manager PIN and the service link, in headless Chromium', () => {
  let service: ServiceProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    service = await startServiceProcess(['--demo', '--no-demo-feed', '--port', '0'], { viaNpm: false });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('a page without the token, or with a wrong one, shows one screen that says how to get the link', async () => {
    for (const url of [`${service.base}/`, `${service.base}/?token=not-the-right-token`]) {
      const { page: p } = await openPage(browser, url);
      const screen = p.getByTestId('token-screen');
      await screen.waitFor();
      await expect(p.getByRole('heading', { name: 'This page needs its link' }).isVisible()).resolves.toBe(true);
      await expect(screen.textContent()).resolves.toContain('Till Companion listening on http://…/?token=…');
      // Not the app with its errors behind it: no views, no error banners.
      await expect(p.getByRole('tablist').count()).resolves.toBe(0);
      await expect(p.locator('.banner-error').count()).resolves.toBe(0);
      await p.context().close();
    }
    // In the browser's language, since the till's settings cannot be read without the token.
    const context = await browser.newContext({ locale: 'fi-FI', viewport: { width: 400, height: 700 } });
    const fi = await context.newPage();
    await fi.goto(`${service.base}/`);
    await fi.getByRole('heading', { name: 'Tämä sivu tarvitsee oman linkkinsä' }).waitFor();
    await context.close();
    // The printed link still opens the app.
    ({ page } = await openPage(browser, service.url));
    await page.getByRole('heading', { name: 'Till Companion' }).waitFor();
    await expect(page.getByTestId('token-screen').count()).resolves.toBe(0);
  });

  it('Settings shows one section at a time, chosen from a section list that works by keyboard', async () => {
    await page.keyboard.press('F3');
    const nav = page.getByRole('tablist', { name: 'Settings sections' });
    await nav.waitFor();
    await expect(nav.getByRole('tab').allTextContents()).resolves.toEqual(SECTIONS);
    const selected = () => nav.locator('[aria-selected="true"]').textContent();
    await expect(selected()).resolves.toBe('Connection');
    await page.getByTestId('settings-section-connection').waitFor();
    await expect(page.getByTestId('settings-section-general').count()).resolves.toBe(0);

    // Only the selected tab is in the Tab order; arrows, Home and End move between sections.
    await nav.getByRole('tab', { name: 'Connection' }).focus();
    await page.keyboard.press('ArrowDown');
    await expect(selected()).resolves.toBe('Customers');
    await expect(page.evaluate<string | null>('document.activeElement?.textContent ?? null')).resolves.toBe('Customers');
    await page.getByTestId('settings-section-customers').waitFor();
    await expect(page.getByTestId('settings-section-connection').count()).resolves.toBe(0);
    await page.keyboard.press('End');
    await expect(selected()).resolves.toBe('General');
    await page.getByLabel('Language').waitFor();
    await page.keyboard.press('ArrowDown');
    await expect(selected()).resolves.toBe('Connection');
    await page.keyboard.press('ArrowUp');
    await expect(selected()).resolves.toBe('General');
    await page.keyboard.press('Home');
    await expect(selected()).resolves.toBe('Connection');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(selected()).resolves.toBe('Benefits');
    await page.getByLabel('Voiding a redemption needs the manager PIN').waitFor();
    // Tab leaves the list for the open section, not for the next section's tab.
    await page.keyboard.press('Tab');
    await expect(page.evaluate<string | null>("document.activeElement?.getAttribute('role') ?? null")).resolves.not.toBe('tab');
    await expect(page.evaluate<boolean>('Boolean(document.activeElement?.closest(\'.settings-panel fieldset\'))')).resolves.toBe(true);
    // The page is no longer one long form: each section is well under the old ~4,000 px.
    for (const name of SECTIONS) {
      await nav.getByRole('tab', { name }).click();
      const height = await page.evaluate<number>('document.documentElement.scrollHeight');
      expect(height, name).toBeLessThan(2200);
    }
  });

  it('a refused value is explained at its field in the chosen language, in its own section; a good one is confirmed', async () => {
    await api(service.base, service.token, 'settings.update', { patch: { general: { language: 'fi' } } });
    const nav = page.getByRole('tablist', { name: 'Asetusten osiot' });
    await nav.waitFor();
    await nav.getByRole('tab', { name: 'Asiakkaat' }).click();
    const timeout = page.locator('#setting-customers\\.lookupTimeoutMs');
    await timeout.fill('5');
    // Saved from another section: the refused field's section opens and the field gets the focus.
    await nav.getByRole('tab', { name: 'Yleiset' }).click();
    await page.keyboard.press('Control+s');
    const error = page.getByTestId('setting-customers.lookupTimeoutMs-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toBe('Vähintään 300.');
    await expect(nav.locator('[aria-selected="true"]').textContent()).resolves.toMatch(/^Asiakkaat/);
    await expect(timeout.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.evaluate<string | null>('document.activeElement?.id ?? null')).resolves.toBe('setting-customers.lookupTimeoutMs');
    await expect(nav.getByRole('tab', { name: /Asiakkaat/ }).locator('.settings-nav-errors').textContent()).resolves.toBe('1');
    await page.getByRole('status').filter({ hasText: 'Mitään ei tallennettu: tarkista merkityt kentät.' }).waitFor();
    // Not the core's English words anywhere on the page.
    await expect(page.getByText('Too small', { exact: false }).count()).resolves.toBe(0);
    const before = await api<{ value: { settings: { customers: { lookupTimeoutMs: number } } } }>(service.base, service.token, 'settings.get');
    expect(before.body.value.settings.customers.lookupTimeoutMs).not.toBe(5);

    await timeout.fill('2500');
    await page.keyboard.press('Control+s');
    await page.getByRole('status').filter({ hasText: /^Asetukset tallennettu klo \d\d[.:]\d\d\.$/ }).waitFor();
    await expect(page.getByTestId('setting-customers.lookupTimeoutMs-error').count()).resolves.toBe(0);
    await expect(nav.locator('[aria-selected="true"]').textContent()).resolves.toBe('Asiakkaat');
    const after = await api<{ value: { settings: { customers: { lookupTimeoutMs: number } } } }>(service.base, service.token, 'settings.get');
    expect(after.body.value.settings.customers.lookupTimeoutMs).toBe(2500);
    await api(service.base, service.token, 'settings.update', { patch: { general: { language: 'en' } } });
    await nav.waitFor({ state: 'detached' });
  });

  it('with no PIN the Status view says so and sets one; then Settings asks for it, saying what it unlocks', async () => {
    await page.keyboard.press('F2');
    const notice = page.getByTestId('no-pin-notice');
    await notice.getByRole('heading', { name: 'No manager PIN is set' }).waitFor();
    await notice.getByRole('button', { name: 'Set a manager PIN' }).click();
    await notice.getByLabel('New PIN (4–8 digits)').fill('2468');
    await page.keyboard.press('Enter');
    await notice.waitFor({ state: 'detached' });
    const view = await api<{ value: { pinSet: boolean } }>(service.base, service.token, 'settings.get');
    expect(view.body.value.pinSet).toBe(true);

    // A fresh page (the PIN is not remembered there) is asked for it before Settings opens.
    const { page: fresh } = await openPage(browser, service.url);
    await fresh.getByRole('heading', { name: 'Till Companion' }).waitFor();
    await fresh.keyboard.press('F3');
    const gate = fresh.getByTestId('pin-gate-settings');
    await gate.getByText('Enter the manager PIN to change settings').waitFor();
    await expect(fresh.getByRole('tablist', { name: 'Settings sections' }).count()).resolves.toBe(0);
    await gate.getByLabel('Manager PIN').fill('1111');
    await gate.getByRole('button', { name: 'Unlock' }).click();
    await gate.getByRole('alert').filter({ hasText: 'Wrong PIN' }).waitFor();
    await gate.getByLabel('Manager PIN').fill('2468');
    await gate.getByRole('button', { name: 'Unlock' }).click();
    await fresh.getByRole('tablist', { name: 'Settings sections' }).waitFor();
    await fresh.context().close();
  });
});
