import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser';
import type { PtyPair } from '../helpers/pty';
import { startScannerSession, type ScannerSession } from '../helpers/scanner-session';
import { api, type ServiceProcess } from '../helpers/service-process';

type SimState = { redemptions: { id: string; benefit_id: string; status: string; till_id: string }[] };
type Redemption = { benefitId: string; state: string; tillId: string };

/**
 * The cashier's flow in headless Chromium against `npm run serve -- --demo` with a serial scanner on
 * a pty: the keyboard only, where a cashier would use it.
 */
describe('the cashier flow: focus, scans on any view, stable numbers, offline, layout', () => {
  let session: ScannerSession;
  let pty: PtyPair;
  let service: ServiceProcess;
  let page: Page;
  let sim: string;
  const simState = async (): Promise<SimState> => (await fetch(`${sim}/__sim/state`)).json() as Promise<SimState>;
  const faults = (patch: unknown) => fetch(`${sim}/__sim/faults`, { method: 'POST', body: JSON.stringify(patch) });
  const manual = () => page.getByPlaceholder('Type a card number and press Enter');
  const scanPrompt = () => page.getByRole('heading', { name: 'Scan the customer’s loyalty card' });
  /** The benefit ids in the order shown, with the number key each is labelled with. */
  const numbered = () =>
    page.evaluate<[string | null, string | null][]>("[...document.querySelectorAll('[data-testid=benefits] li.benefit')].map((li) => [li.getAttribute('data-testid'), li.querySelector('.benefit-key')?.textContent ?? null])");
  const focusedField = () => page.evaluate<string | null>("(() => { const el = document.activeElement; return el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') ? el.id || el.tagName : null; })()");
  const fieldsHolding = (text: string) =>
    page.evaluate<string[]>(`[...document.querySelectorAll('input, textarea')].filter((el) => el.value.includes(${JSON.stringify(text)})).map((el) => el.id || el.tagName)`);

  beforeAll(async () => {
    session = await startScannerSession(['--demo', '--no-demo-feed', '--till-id', 'TILL-C']);
    ({ pty, service, page } = session);
    sim = (await api<{ value: { benefits: { target: string } } }>(service.base, service.token, 'status.get')).body.value.benefits.target;
    // Keys typed through the DevTools protocol may arrive tens of ms apart on a busy 2-core machine; a
    // person types 80+ ms apart. A wider scanner gap keeps the burst tests about bursts, not the scheduler.
    expect((await api(service.base, service.token, 'settings.update', { patch: { scanner: { wedge: { maxGapMs: 70 } } } })).status).toBe(200);
  });
  afterAll(async () => session?.close());

  it('a typed card, then 1, then 2: the two benefits labelled 1 and 2 are redeemed, and keep their numbers', async () => {
    await manual().focus();
    // A person types: well over the scanner's gap between keys.
    await page.keyboard.type('CU-7H3K9P2A', { delay: 120 });
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-name').filter({ hasText: /^Aino Virtanen$/ }).waitFor();
    await page.getByTestId('benefits').waitFor();
    // Enter gave the focus back to the checkout: the digits that follow are keys, not text.
    await expect(focusedField()).resolves.toBeNull();
    const before = await numbered();
    expect(before).toEqual([
      ['benefit-B-1001', '1'],
      ['benefit-B-1002', '2'],
      ['benefit-B-1003', '3'],
    ]);

    await page.keyboard.press('1');
    await page.getByTestId('benefit-B-1001').getByText('Applied ✓').waitFor();
    // The refreshed list no longer has the single-use benefit: it stays at 1, with what was applied.
    await expect.poll(() => page.getByTestId('benefit-B-1001').textContent()).not.toContain('use left');
    await expect(numbered()).resolves.toEqual(before);
    await expect(page.getByTestId('benefit-B-1001').textContent()).resolves.toContain('20 % off');
    await expect(page.getByTestId('benefit-B-1001').getByRole('button').count()).resolves.toBe(0);

    await page.keyboard.press('2');
    await page.getByTestId('benefit-B-1002').getByText('Applied ✓').waitFor();
    await expect(numbered()).resolves.toEqual(before);
    await expect(manual().inputValue()).resolves.toBe('');
    await screenshot(page, 'cashier-two-applied');

    const today = (await api<{ value: Redemption[] }>(service.base, service.token, 'redemptions.today')).body.value;
    expect(today.filter((r) => r.state === 'committed').map((r) => r.benefitId).sort()).toEqual(['B-1001', 'B-1002']);
    expect((await simState()).redemptions.map((r) => r.benefit_id).sort()).toEqual(['B-1001', 'B-1002']);

    // Pressing 1 again applies nothing new: 1 is still the benefit already applied.
    await page.keyboard.press('1');
    await new Promise((r) => setTimeout(r, 500));
    expect((await simState()).redemptions).toHaveLength(2);
  });

  it('a scan over the pty while a PIN field on Status has the focus: Checkout shows the customer, no field holds the card', async () => {
    expect((await api(service.base, service.token, 'manager.setPin', { newPin: '2468' })).status).toBe(200);
    await page.keyboard.press('Escape');
    await scanPrompt().waitFor();
    await page.keyboard.press('F2');
    await page.getByRole('button', { name: 'Show the log' }).click();
    await page.locator('#consent-log-pin').focus();
    await page.keyboard.type('12', { delay: 120 });

    await pty.write('CU-4M8Q1Z6T\r');
    await page.getByTestId('customer-name').filter({ hasText: /^Eero Korhonen$/ }).waitFor();
    await expect(page.getByRole('tab', { name: /Checkout/ }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(focusedField()).resolves.toBeNull();
    await expect(fieldsHolding('CU-4M8Q1Z6T')).resolves.toEqual([]);
    // The keys work at once: 1 applies Eero's first benefit.
    await page.keyboard.press('1');
    await page.getByTestId('benefit-B-2001').getByText('Applied ✓').waitFor();
  });

  it('a keyboard-wedge burst into the PIN field on Status goes to Checkout, and the field keeps only what was typed', async () => {
    await page.keyboard.press('Escape');
    await scanPrompt().waitFor();
    await page.keyboard.press('F2');
    await page.getByRole('button', { name: 'Show the log' }).click();
    const pin = page.locator('#consent-log-pin');
    await pin.focus();
    await page.keyboard.type('13', { delay: 120 });
    // The field's value right after the scanner's suffix key was handled (a listener added after the
    // app's own on the window runs next): the burst is out of the field again, what was typed is kept.
    await page.evaluate("window.__pinAtEnter = null; window.addEventListener('keydown', (e) => { if (e.key === 'Enter') { const el = document.getElementById('consent-log-pin'); window.__pinAtEnter = el ? el.value : 'gone'; } }, { capture: true })");
    await page.keyboard.type('CU-9R2W5X8L', { delay: 4 });
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-name').filter({ hasText: /^Maria Nieminen$/ }).waitFor();
    await expect(page.evaluate<string | null>('window.__pinAtEnter')).resolves.toBe('13');
    await expect(page.getByTestId('scan-meta').textContent()).resolves.toMatch(/^Keyboard scanner/);
    await expect(focusedField()).resolves.toBeNull();
    await expect(fieldsHolding('CU-9R2W5X8L')).resolves.toEqual([]);
  });

  it('offline: the Apply buttons are disabled before any click, with the reason in the cashier’s words', async () => {
    // Seen once online, so the till has the customer and her list in memory.
    await page.keyboard.press('Escape');
    await scanPrompt().waitFor();
    await pty.write('CU-3B6N0V4C\r');
    await page.getByRole('button', { name: /-10 % everything/ }).waitFor();
    await expect(page.getByRole('button', { name: /-10 % everything/ }).isEnabled()).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await scanPrompt().waitFor();
    await faults({ benefits: { down: true }, redemptions: { down: true }, data: { down: true } });
    try {
      const before = (await simState()).redemptions.length;
      await pty.write('CU-3B6N0V4C\r');
      await page.getByTestId('customer-card').getByText('Offline').waitFor();
      const apply = page.getByRole('button', { name: /-10 % everything/ });
      await expect.poll(() => apply.isDisabled(), { timeout: 10_000 }).toBe(true);
      const notice = page.getByTestId('benefits-notice-offline');
      await expect(notice.textContent()).resolves.toBe('No connection to the benefits service: benefits cannot be applied right now.');
      await expect(apply.getAttribute('aria-describedby')).resolves.toBe('benefits-notice-offline');
      await expect(apply.textContent()).resolves.toContain('Offline');
      await expect(apply.textContent()).resolves.not.toContain('Apply');
      await expect(page.getByTestId('checkout-error').count()).resolves.toBe(0);
      await screenshot(page, 'cashier-offline');
      // Its key gives the failure flash (and buzz), and nothing is sent.
      await page.keyboard.press('1');
      await page.getByTestId('flash-failure').waitFor({ state: 'attached' });
      await new Promise((r) => setTimeout(r, 300));
      expect((await simState()).redemptions.length).toBe(before);
    } finally {
      await faults({ benefits: { down: false }, redemptions: { down: false }, data: { down: false } });
    }
  });

  const buttonsBelow44 = () =>
    page.evaluate<string[]>(`[...document.querySelectorAll('button, summary, input:not([type=checkbox]), select')]
      .filter((el) => el.getClientRects().length > 0)
      .filter((el) => el.getBoundingClientRect().height < 44)
      .map((el) => el.outerHTML.slice(0, 80) + ' ' + el.getBoundingClientRect().height)`);

  it('1280×800: two columns side by side; 420×720: one column; every button at least 44 px high', async () => {
    await page.keyboard.press('Escape');
    await scanPrompt().waitFor();
    await pty.write('CU-7H3K9P2A\r');
    await page.getByTestId('customer-name').filter({ hasText: /^Aino Virtanen$/ }).waitFor();
    await page.getByTestId('benefits').waitFor();
    const boxes = async () => {
      const main = (await page.getByTestId('checkout-main').boundingBox())!;
      const side = (await page.getByTestId('checkout-side').boundingBox())!;
      return { main, side };
    };

    await page.setViewportSize({ width: 1280, height: 800 });
    let { main, side } = await boxes();
    expect(side.x).toBeGreaterThanOrEqual(main.x + main.width);
    expect(Math.abs(side.y - main.y)).toBeLessThan(2);
    expect(main.width).toBeGreaterThan(500);
    await expect(buttonsBelow44()).resolves.toEqual([]);
    await screenshot(page, 'cashier-1280');

    await page.setViewportSize({ width: 420, height: 720 });
    ({ main, side } = await boxes());
    expect(side.y).toBeGreaterThanOrEqual(main.y + main.height);
    expect(Math.abs(side.x - main.x)).toBeLessThan(2);
    await expect(buttonsBelow44()).resolves.toEqual([]);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
    await screenshot(page, 'cashier-420');

    for (const key of ['F2', 'F3']) {
      await page.keyboard.press(key);
      await page.getByRole('tab', { name: key === 'F2' ? /Status/ : /Settings/, selected: true }).waitFor();
      await expect(buttonsBelow44()).resolves.toEqual([]);
    }
    await page.keyboard.press('F1');
  });
});
