import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../helpers/browser';
import { api, startServiceProcess, type ServiceProcess } from '../helpers/service-process';
import en from '../../renderer/src/i18n/en';
import fi from '../../renderer/src/i18n/fi';
import sv from '../../renderer/src/i18n/sv';
import { maskPhone } from '../../renderer/src/components/format';
import { joinErrorsFromContract, phoneMatchesCard, toJoinInput, emptyJoin, withoutBurst } from '../../renderer/src/views/permissions/join-form';

type Arrival = { seq: number; type: string; key: string; customer?: string };
type SimEvent = { type: string; phone_number?: string; customer_id?: string; consent_text_version?: string };

const lookup = (resources: object, key: string): unknown => key.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], resources);

describe('permissions UI: words and rules without the app', () => {
  it('words every field error, error code and built-in consent text in en, fi and sv, and not in English for fi and sv', () => {
    const keys = [
      ...['phoneRequired', 'phone', 'email', 'emailRequired', 'tooLong', 'invalid'].map((k) => `join.errors.${k}`),
      ...['unknown_method', 'timeout', 'unavailable', 'pin_required', 'forbidden', 'invalid_input'].map((k) => `errorCodes.${k}`),
      'consentText.sms',
      'consentText.email',
      'join.title',
      'consentChange.errors.mismatch',
      ...['till', 'poll', 'webhook'].map((s) => `customer.changed.${s}`),
    ];
    for (const [name, resources] of Object.entries({ en, fi, sv })) {
      for (const key of keys) expect(typeof lookup(resources, key), `${name}: ${key}`).toBe('string');
    }
    for (const key of keys.filter((k) => !k.startsWith('errorCodes.unavailable'))) {
      expect(lookup(fi, key), `fi: ${key}`).not.toBe(lookup(en, key));
      expect(lookup(sv, key), `sv: ${key}`).not.toBe(lookup(en, key));
    }
  });

  it('masks numbers as the core does, checks a typed number against the card, sends only what was given', () => {
    expect(maskPhone('+358401234567')).toBe('+•••••••••567');
    expect(phoneMatchesCard('040 123 4567', '+•••••••••567')).toBe(true);
    expect(phoneMatchesCard('040 123 4568', '+•••••••••567')).toBe(false);
    expect(toJoinInput({ ...emptyJoin, phone: ' 040 1 ', emailConsent: true, sms: true }, 'v2')).toEqual({
      phone_number: '040 1',
      consents: { sms: true, email: false },
      consent_text_version: 'v2',
    });
    expect(joinErrorsFromContract([{ field: 'phone_number', code: 'phone' }]).fields).toEqual({ phone: 'join.errors.phone' });
    expect(joinErrorsFromContract([{ path: ['email'], code: 'too_big' }]).fields).toEqual({ email: 'join.errors.tooLong' });
    expect(withoutBurst('040CU-4M8Q1Z6T123', 'CU-4M8Q1Z6T', '')).toBe('040123');
  });
});

describe('marketing permissions in headless Chromium (service mode, demo simulator)', () => {
  let service: ServiceProcess;
  let browser: Browser;
  let page: Page;
  let sim: string;
  const simJson = async <T,>(path: string): Promise<T> => (await fetch(`${sim}${path}`)).json() as Promise<T>;
  const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  const joinForm = (name = 'Join the loyalty programme') => page.getByRole('form', { name });
  // People type 80 ms or more apart; faster bursts ending in Enter are a keyboard-wedge scanner.
  const typeLikeAPerson = (text: string) => page.keyboard.type(text, { delay: 90 });

  beforeAll(async () => {
    service = await startServiceProcess(['--demo', '--no-demo-feed', '--port', '0', '--till-id', 'TILL-P']);
    sim = (await api<{ value: { custobar: { target: string } } }>(service.base, service.token, 'status.get')).body.value.custobar.target;
    browser = await launchBrowser();
    ({ page } = await openPage(browser, service.url, { width: 420, height: 800 }));
    await page.getByRole('heading', { name: 'Till Companion' }).waitFor();
    await page.getByText('Demo', { exact: true }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('joins with the keyboard only; the simulator receives the customer, then the events', async () => {
    const { lastArrival = 0 } = await simJson<{ lastArrival?: number }>('/__sim/state');
    await page.keyboard.press('F4');
    await joinForm().waitFor();
    await expect(page.evaluate<string | undefined>('document.activeElement?.id')).resolves.toBe('join-phone');
    await typeLikeAPerson('040 765 4321');
    await page.keyboard.press('Tab');
    // No e-mail yet: e-mail permission cannot be ticked.
    await expect(page.getByLabel('E-mail', { exact: true }).isDisabled()).resolves.toBe(true);
    await typeLikeAPerson('uusi.jasen@example.fi');
    await page.keyboard.press('Tab');
    await typeLikeAPerson('Uusi');
    await page.keyboard.press('Tab');
    await typeLikeAPerson('Jäsen');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // SMS
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // e-mail
    await expect(page.getByLabel('Text messages (SMS)').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('E-mail', { exact: true }).isChecked()).resolves.toBe(true);
    await expect(joinForm().textContent()).resolves.toContain(en.consentText.sms);
    await screenshot(page, 'permissions-join-form');
    await page.keyboard.press('Enter');

    const result = page.getByTestId('join-result');
    await result.getByText(/Welcome message on its way/).waitFor();
    await expect(result.textContent()).resolves.toContain('+•••••••••321');
    await joinForm().waitFor({ state: 'detached' });
    // The focus goes back to where the cashier was: here the button that opens the form again.
    await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.id')).toBe('join-open');

    // The outbox sends the customer first, then its events (subscriptions and the join event).
    await expect
      .poll(async () => (await simJson<{ arrivals: Arrival[] }>(`/__sim/arrivals?after=${lastArrival}`)).arrivals.map((a) => a.type), { timeout: 20_000 })
      .toEqual(['customers', 'events', 'events', 'events']);
    const state = await simJson<{ eventsBeforeCustomer: unknown[]; orphans: string[] }>('/__sim/state');
    expect(state.eventsBeforeCustomer).toEqual([]);
    const records = await simJson<{ customers: { phone_number?: string; email?: string; can_sms?: boolean; can_email?: boolean }[]; events: SimEvent[] }>('/__sim/records');
    expect(records.customers.find((c) => c.phone_number === '+358407654321')).toMatchObject({ email: 'uusi.jasen@example.fi', can_sms: true, can_email: true });
    const events = records.events.filter((e) => e.phone_number === '+358407654321');
    expect(events.map((e) => e.type).sort()).toEqual(['LOYALTY_JOIN', 'MAIL_SUBSCRIBE', 'SMS_SUBSCRIBE']);
    expect(events.find((e) => e.type === 'LOYALTY_JOIN')).toMatchObject({ consent_text_version: 'till-1' });
  });

  it('joining a number a member already has says so; digits typed in the form never apply a benefit', async () => {
    await page.getByPlaceholder('Type a card number and press Enter').fill('CU-7H3K9P2A');
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-name').filter({ hasText: /^Aino Virtanen$/ }).waitFor();
    await page.getByRole('button', { name: /-20 % dog food/ }).waitFor();
    const redemptions = async () => (await simJson<{ redemptions: unknown[] }>('/__sim/state')).redemptions.length;
    const before = await redemptions();
    await page.keyboard.press('F4');
    await joinForm().waitFor();
    await typeLikeAPerson('0401234567');
    // Focus on the Cancel button, out of any text field: number keys still belong to the form.
    await page.getByRole('button', { name: /Cancel/ }).focus();
    await page.keyboard.press('1');
    await page.getByLabel('Phone number').focus();
    await page.keyboard.press('Enter');
    const result = page.getByTestId('join-result');
    await result.getByText(/already belonged to Aino Virtanen/).waitFor();
    await expect(result.textContent()).resolves.toContain('no second customer');
    await new Promise((r) => setTimeout(r, 500));
    expect(await redemptions()).toBe(before);
    await expect(page.getByTestId('benefit-B-1001').getByText('Applied ✓').count()).resolves.toBe(0);
  });

  it('a card scanned while the form is open is a scan, and leaves the typed number alone', async () => {
    await page.keyboard.press('F4');
    await joinForm().waitFor();
    await typeLikeAPerson('050');
    // A keyboard-wedge scanner: the whole label within a few milliseconds, then Enter.
    await page.keyboard.type('CU-4M8Q1Z6T', { delay: 5 });
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-name').filter({ hasText: /^Eero Korhonen$/ }).waitFor();
    await expect(page.getByLabel('Phone number').inputValue()).resolves.toBe('050');
    await joinForm().waitFor();
    await page.keyboard.press('Escape');
    await joinForm().waitFor({ state: 'detached' });
    // The first Esc only closed the form: the customer is still there.
    await expect(page.getByTestId('customer-name').textContent()).resolves.toBe('Eero Korhonen');
  });

  it('withdraws SMS permission from the customer card after the number is confirmed', async () => {
    const card = page.getByTestId('customer-card');
    await card.getByRole('button', { name: 'Withdraw SMS permission' }).click();
    const form = page.getByRole('form', { name: 'Withdraw SMS permission' });
    await form.waitFor();
    await expect(form.getByTestId('consent-text').textContent()).resolves.toBe(en.consentText.sms);
    await typeLikeAPerson('050 111 2234');
    await page.keyboard.press('Enter');
    await form.getByText(/does not end in 233/).waitFor();
    await page.getByLabel(/phone number/).fill('050 111 2233');
    await page.keyboard.press('Enter');
    await page.getByTestId('join-result').getByText(/SMS permission withdrawn for \+•••••••••233/).waitFor();
    // The card follows at once: SMS off, changed at this till, and the button now offers it back.
    await card.locator('[data-testid="consent-sms"][data-state="no"]').waitFor();
    await card.getByTestId('consent-change').filter({ hasText: /changed \d\d:\d\d · at this till/ }).waitFor();
    await card.getByRole('button', { name: 'Give SMS permission' }).waitFor();
    await expect
      .poll(async () => (await simJson<{ events: SimEvent[] }>('/__sim/records')).events.some((e) => e.type === 'SMS_UNSUBSCRIBE' && (e.phone_number === '+358501112233' || e.customer_id === 'CU-4M8Q1Z6T')), { timeout: 20_000 })
      .toBe(true);
  });

  it('Poll now shows a poll on the Status card; the manager reads the consent log with numbers masked', async () => {
    await page.keyboard.press('F2');
    const card = page.getByTestId('permissions-card');
    await card.waitFor();
    await card.getByRole('button', { name: 'Read now' }).click();
    await card.getByTestId('permissions-last-poll').filter({ hasText: /\d+ customers?/ }).waitFor({ timeout: 20_000 });
    await expect(card.getByTestId('permissions-last-poll').textContent()).resolves.toMatch(/\d\d:\d\d · \d+ pages? · \d+ customers? · \d+ changes?/);
    await screenshot(page, 'permissions-status');

    const log = page.getByTestId('consent-log');
    await log.getByRole('button', { name: 'Show the log' }).click();
    const rows = log.getByTestId('consent-log-row');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(3);
    const text = await log.textContent();
    expect(text).toContain('+•••••••••321');
    expect(text).not.toContain('+358407654321');
    await log.getByLabel('Phone number').fill('050 111 2233');
    await log.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await expect(rows.first().textContent()).resolves.toMatch(/Changed.*\+•••••••••233.*\/ TILL-P.*till-1/);
    expect(await overflow()).toBeLessThanOrEqual(0);
  });

  it('has no horizontal scroll at 420 px with the join form and the customer card open', async () => {
    await page.keyboard.press('F1');
    await page.keyboard.press('F4');
    await joinForm().waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.keyboard.press('Escape');
    await page.keyboard.press('F3');
    await page.getByRole('tab', { name: 'Customers' }).click();
    await page.getByText('Marketing permissions', { exact: true }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.keyboard.press('F1');
  });

  it('settings: the demo’s poll schedule is locked, a refused value is explained at its field, a good one is saved', async () => {
    await page.keyboard.press('F3');
    await page.getByRole('tab', { name: 'Customers' }).click();
    // The demo polls every half minute and says why the field cannot be changed.
    const schedule = page.getByLabel('Read permissions from Custobar (cron or "off")');
    await expect(schedule.inputValue()).resolves.toBe('*/30 * * * * *');
    await expect(schedule.isDisabled()).resolves.toBe(true);
    await page.getByTestId('setting-permissions.schedule-lock').waitFor();
    await expect(page.getByLabel('Consent text for SMS').getAttribute('placeholder')).resolves.toBe(en.consentText.sms);
    const joinEvent = page.getByLabel('Custobar event type for joins at the till');
    await joinEvent.fill('loyalty join');
    await page.keyboard.press('Control+s');
    await page.getByTestId('setting-permissions.joinEventType-error').filter({ hasText: 'upper-case letters, digits and _' }).waitFor();
    await expect(joinEvent.getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByRole('status').filter({ hasText: 'Nothing was saved: check the marked fields.' }).waitFor();
    await joinEvent.fill('TILL_JOIN');
    await page.keyboard.press('Control+s');
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const saved = await api<{ value: { settings: { permissions: { joinEventType: string } } } }>(service.base, service.token, 'settings.get');
    expect(saved.body.value.settings.permissions.joinEventType).toBe('TILL_JOIN');
    await api(service.base, service.token, 'settings.update', { patch: { permissions: { joinEventType: 'LOYALTY_JOIN' } } });
    await page.keyboard.press('F1');
  });

  it('shows the join form in Finnish', async () => {
    await api(service.base, service.token, 'settings.update', { patch: { general: { language: 'fi' } } });
    try {
      await page.getByRole('tab', { name: /Kassa/ }).waitFor();
      await page.keyboard.press('F4');
      const form = joinForm('Liittyminen kanta-asiakkaaksi');
      await form.waitFor();
      await expect(page.evaluate<string>('document.documentElement.lang')).resolves.toBe('fi');
      await form.getByLabel('Puhelinnumero').waitFor();
      await form.getByLabel('Tekstiviestit (SMS)').waitFor();
      await expect(form.textContent()).resolves.toContain(fi.consentText.sms);
      await page.keyboard.press('Enter');
      await form.getByText('Kirjoita asiakkaan puhelinnumero.').waitFor();
      await typeLikeAPerson('12');
      await page.keyboard.press('Enter');
      await form.getByText('Kirjoita asiakkaan puhelinnumero.').waitFor();
      await typeLikeAPerson('3');
      await page.keyboard.press('Enter');
      // The core refuses the number; the form says so in Finnish.
      await form.getByText(/Tämä ei ole kelvollinen puhelinnumero \(maa: Suomi\)/).waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await screenshot(page, 'permissions-join-fi');
      await page.keyboard.press('Escape');
    } finally {
      await api(service.base, service.token, 'settings.update', { patch: { general: { language: 'en' } } });
    }
  });
});
