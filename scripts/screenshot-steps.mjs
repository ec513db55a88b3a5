// What each README screenshot shows; run by scripts/screenshots.mjs against the demo and a fresh till.
import { setTimeout as delay } from 'node:timers/promises';

const until = async (ok, what) => {
  for (const started = Date.now(); !(await ok()); await delay(250)) {
    if (Date.now() - started > 30_000) throw new Error(`timed out waiting for ${what}`);
  }
};

export default {
  /** A redemption and a void before the shots: today's list, the totals and the audit show them. */
  prepareDemo: async (call) => {
    await call('scans.submit', { source: 'manual', raw: 'CU-4M8Q1Z6T' });
    await until(async () => (await call('checkout.get')).benefits.length > 0, 'the benefits of the first customer');
    const first = (await call('checkout.get')).benefits[0];
    const redeemed = await call('checkout.redeem', { benefitId: first.id });
    await until(async () => (await call('redemptions.today')).find((r) => r.id === redeemed.id)?.state === 'committed', 'the redemption');
    await call('redemptions.void', { redemptionId: redeemed.id, reason: 'Wrong customer' });
    await call('checkout.new', {});
  },
  checkout: async (page, language) => {
    await page.keyboard.press('F1');
    const field = page.locator('#manual-card');
    await field.fill('CU-7H3K9P2A');
    await field.press('Enter');
    await page.getByTestId('benefits').waitFor();
    // Key 1 applies the first benefit, as a cashier does.
    await page.keyboard.press('1');
    await page.getByText(language === 'fi' ? 'Käytetty ✓' : 'Applied ✓').first().waitFor();
    await page.waitForTimeout(1200);
  },
  /** Eero's card: the demo's campaign prompt above his benefits, his recent purchases below them. */
  customer360: async (page) => {
    await page.keyboard.press('Escape');
    const field = page.locator('#manual-card');
    await field.fill('CU-4M8Q1Z6T');
    await field.press('Enter');
    await page.getByTestId('campaign-prompt').waitFor();
    await page.getByTestId('activity-purchase').first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(600);
  },
  join: async (page) => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F4');
    await page.getByLabel('Phone number').fill('040 765 4321');
    await page.getByLabel('E-mail (optional)').fill('uusi.jasen@example.fi');
    await page.getByLabel('First name (optional)').fill('Uusi');
    await page.getByLabel('Last name (optional)').fill('Jäsen');
    await page.getByLabel('Text messages (SMS)').check();
    await page.waitForTimeout(300);
  },
  /** Returns the dashboard card: the shot is of it alone. */
  dashboard: async (page) => {
    await page.keyboard.press('F2');
    await page.getByTestId('dashboard').waitFor();
    await page.getByTestId('chart-activity').locator('canvas').waitFor();
    await page.waitForTimeout(1500);
    return page.getByTestId('dashboard');
  },
  setup: async (page, language) => {
    await page.getByLabel(/^(Language|Kieli|Språk)$/).selectOption(language);
    await page.waitForTimeout(500);
  },
};
