import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, injectAxe, type AxeViolation } from '../helpers/axe';
import { launchBrowser, openPage } from '../helpers/browser';
import { api, startServiceProcess, type ServiceProcess } from '../helpers/service-process';

/** One line per violation, so a failure names the rule and the elements. */
const report = (violations: AxeViolation[]): string[] => violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.join('\n  ')}`);

/**
 * axe-core on every view — Checkout (empty and with a customer), Status, Settings, and the setup
 * screen of a first start — in English and Finnish, at the till-side size and at 1280 px: no violations.
 */
describe('accessibility: axe-core on every view, in en and fi', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  describe('the demo: Checkout, Status, Settings', () => {
    let service: ServiceProcess;
    let page: Page;
    beforeAll(async () => {
      service = await startServiceProcess(['--demo', '--port', '0', '--no-demo-feed']);
      ({ page } = await openPage(browser, service.url));
      await page.getByRole('heading', { name: 'Till Companion' }).waitFor();
    });
    afterAll(async () => service?.stop());

    const language = async (lng: 'en' | 'fi', heading: string) => {
      const res = await api(service.base, service.token, 'settings.update', { patch: { general: { language: lng } } });
      expect(res.status).toBe(200);
      await page.keyboard.press('F1');
      await page.getByRole('heading', { name: heading }).waitFor();
      await expect(page.evaluate<string>('document.documentElement.lang')).resolves.toBe(lng);
    };

    it('puts axe into the page despite the CSP', async () => {
      // addScriptTag({ content }) adds an inline script, which script-src 'self' refuses.
      await expect(injectAxe(page)).resolves.toBe('evaluate');
    });

    for (const [lng, scanPrompt, customerHeading] of [
      ['en', 'Scan the customer’s loyalty card', 'Aino Virtanen'],
      ['fi', 'Lue asiakkaan kanta-asiakaskortti', 'Aino Virtanen'],
    ] as const) {
      it(`${lng}: Checkout empty and with a customer, Status and Settings have no violations`, async () => {
        await page.setViewportSize({ width: 400, height: 700 });
        await language(lng, scanPrompt);
        expect(report(await axeViolations(page))).toEqual([]);

        await api(service.base, service.token, 'scans.submit', { source: 'manual', raw: 'CU-7H3K9P2A' });
        await page.getByTestId('customer-name').filter({ hasText: customerHeading }).waitFor();
        await page.getByTestId('benefits').waitFor();
        await page.getByTestId('today').locator('summary').click();
        await page.getByTestId('scan-log').locator('summary').click();
        expect(report(await axeViolations(page))).toEqual([]);
        await page.setViewportSize({ width: 1280, height: 800 });
        expect(report(await axeViolations(page))).toEqual([]);
        await page.setViewportSize({ width: 400, height: 700 });

        await page.keyboard.press('F2');
        await page.getByTestId('scanner-card').waitFor();
        expect(report(await axeViolations(page))).toEqual([]);

        await page.keyboard.press('F3');
        await page.locator('[id^="setting-"]').first().waitFor();
        expect(report(await axeViolations(page))).toEqual([]);

        await api(service.base, service.token, 'checkout.new', {});
      });
    }
  });

  describe('the setup screen of a first start', () => {
    let service: ServiceProcess;
    let page: Page;
    beforeAll(async () => {
      service = await startServiceProcess(['--port', '0', '--no-demo-feed']);
      ({ page } = await openPage(browser, service.url, { width: 420, height: 760 }));
    });
    afterAll(async () => service?.stop());

    for (const [lng, title, connect, back] of [
      ['en', 'Set up this till', 'Connect to Custobar', 'Back'],
      ['fi', 'Ota kassa käyttöön', 'Yhdistä Custobariin', 'Takaisin'],
    ] as const) {
      it(`${lng}: the first screen and the connect form have no violations`, async () => {
        await page.locator('select.setup-language').selectOption(lng);
        await page.getByRole('heading', { name: title }).waitFor();
        await expect(page.evaluate<string>('document.documentElement.lang')).resolves.toBe(lng);
        expect(report(await axeViolations(page))).toEqual([]);
        await page.getByRole('button', { name: connect }).click();
        await page.locator('form.setup-form').waitFor();
        expect(report(await axeViolations(page))).toEqual([]);
        await page.getByRole('button', { name: back }).first().click();
        await page.getByRole('heading', { name: title }).waitFor();
      });
    }
  });
});
