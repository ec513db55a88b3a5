import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../helpers/browser';
import { api, startServiceProcess, type ServiceProcess } from '../helpers/service-process';

/**
 * Every view of the demo in Finnish and in Swedish, compared with the same view in English: a
 * visible text that reads the same as in English is an untranslated leftover, unless it is a proper
 * name, a code or a number. Data (customer names, benefit titles, card ids, versions, addresses) is
 * the same in every language and is left out by where it is shown.
 */
type Language = 'en' | 'fi' | 'sv';

/** Texts rightly the same in every language: names of products and companies, and shared words. */
const SAME_EVERYWHERE = new Set(['Till Companion', 'Custobar', 'Cardu', 'Solteq Commerce Cloud', 'Demo', 'SMS', 'OK', 'Push', 'English', 'Suomi', 'Svenska', 'Token', 'Bearer', 'Enter', 'Tab']);
/** Swedish writes these as English does. */
const SAME_IN: Record<Exclude<Language, 'en'>, Set<string>> = { fi: new Set(), sv: new Set(['Status', 'Version', 'Post', 'Support']) };
/** Codes, ids and numbers: no letters in words of two or more lower-case letters. */
const isCodeOrNumber = (text: string) => !/\p{Ll}{2,}/u.test(text);

/**
 * Where the app shows data rather than its own words: also today's customers and benefit titles,
 * and the audit's outcomes, which are the core's record as it was written (ids, the services' reasons).
 */
const DATA = ['[data-testid="prompt-message"]', '[data-testid="activity-items"]', '.activity-fields dt', '.campaigns-table th[scope=row]', '[data-testid="customer-name"]', '[data-testid="today-customer"]', '.today-title', '[data-testid="audit-outcome"]', '.benefit-title', '.card-id', '[data-testid="scan-card-id"]', '[data-testid="app-version"]', '[data-testid^="target-"]', 'code', 'kbd'].join(',');

/** The visible text nodes of the page (and the options of visible selects), trimmed, each once. Runs in the page. */
const COLLECT = `(dataSelector) => {
  const texts = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent || '').trim();
    const parent = node.parentElement;
    if (!text || !parent || parent.closest('script, style, noscript')) continue;
    if (parent.closest(dataSelector)) continue;
    const option = parent.closest('option');
    const select = option ? option.closest('select') : null;
    const shown = option ? Boolean(select && select.checkVisibility()) : parent.checkVisibility();
    if (shown) texts.add(text);
  }
  return [...texts];
}`;

async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(${COLLECT})(${JSON.stringify(DATA)})`);
}

describe('no English left in Finnish and Swedish: every view of the demo', () => {
  let service: ServiceProcess;
  let setupService: ServiceProcess;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const seen: Record<Language, Record<string, string[]>> = { en: {}, fi: {}, sv: {} };

  const tab = { en: 'Checkout', fi: 'Kassa', sv: 'Kassa' } as const;
  const SECTIONS = ['connection', 'customers', 'benefits', 'scanner', 'cards', 'exports', 'offline', 'fleet', 'campaigns', 'general'] as const;
  const prompt = { en: 'Scan the customer’s loyalty card', fi: 'Lue asiakkaan kanta-asiakaskortti', sv: 'Skanna kundens stamkundskort' } as const;

  const setLanguage = async (language: Language) => {
    await api(service.base, service.token, 'settings.update', { patch: { general: { language } } });
    await expect.poll(() => page.evaluate<string>('document.documentElement.lang'), { timeout: 10_000 }).toBe(language);
    await page.getByRole('tab', { name: new RegExp(tab[language]) }).first().waitFor();
  };

  /** Esc outside a text field, as a cashier presses it between customers. */
  const newCustomer = async () => {
    await page.evaluate('document.activeElement instanceof HTMLElement && document.activeElement.blur()');
    await page.keyboard.press('Escape');
  };

  const type = async (text: string) => {
    await page.locator('#manual-card').fill(text);
    await page.locator('#manual-card').press('Enter');
  };

  /** One visit of every view in one language; returns its texts by view. */
  const visit = async (language: Language) => {
    await setLanguage(language);
    const views: Record<string, string[]> = {};
    await page.keyboard.press('F1');
    await page.locator('#manual-card').waitFor();
    await newCustomer();
    // The prompt, unless the last scan was refused: then its refusal stays on screen.
    await page.getByRole('heading', { name: prompt[language] }).or(page.getByTestId('scan-rejected')).waitFor();
    await expect.poll(() => page.getByTestId('customer-card').count()).toBe(0);
    views.checkoutIdle = await visibleTexts(page);

    await type('CU-7H3K9P2A');
    await page.getByTestId('customer-name').filter({ hasText: /^Aino Virtanen$/ }).waitFor();
    await page.getByTestId('benefits').waitFor();
    await page.getByTestId('benefit-B-1003').waitFor();
    // Today's list (the redemption made before the visits) and the scan log, opened.
    await page.evaluate("document.querySelectorAll('details[data-testid=today], details[data-testid=scan-log]').forEach((d) => { d.open = true; })");
    await page.getByTestId('today-row').first().waitFor();
    views.checkoutCustomer = await visibleTexts(page);
    await screenshot(page, `translations-checkout-${language}`);

    // Voiding: the reasons offered, and the form's words.
    await page.getByTestId('today-row').first().locator('button').first().click();
    await page.getByTestId('void-form').waitFor();
    views.checkoutVoid = await visibleTexts(page);
    await page.getByTestId('void-form').locator('button[type=button]').click();
    await expect.poll(() => page.getByTestId('void-form').count()).toBe(0);

    // The demo's campaign prompt and the card's recent purchases (read after the benefits).
    await newCustomer();
    await type('CU-4M8Q1Z6T');
    await page.getByTestId('campaign-prompt').waitFor();
    await page.getByTestId('activity').locator('ul, p.small').first().waitFor();
    await expect.poll(() => page.getByTestId('activity').locator('p.small.muted').filter({ hasText: /…$/ }).count()).toBe(0);
    views.checkoutPrompt = await visibleTexts(page);

    await newCustomer();
    await type('CU-0000000Z');
    await page.getByTestId('checkout-message').waitFor();
    views.checkoutNotFound = await visibleTexts(page);

    await newCustomer();
    await type('https://example.com/offer');
    await page.getByTestId('scan-rejected').waitFor();
    await page.evaluate("document.querySelectorAll('details[data-testid=scan-log]').forEach((d) => { d.open = true; })");
    views.checkoutRefused = await visibleTexts(page);

    await page.keyboard.press('F2');
    await page.getByTestId('scanner-card').waitFor();
    await page.getByTestId('exports-card').waitFor();
    // The dashboard with its totals, the no-PIN notice, and the audit with both of its tabs.
    await page.getByTestId('totals-day').waitFor();
    await page.getByTestId('no-pin-notice').waitFor();
    await page.getByTestId('conn-message-custobar').waitFor();
    await page.getByTestId('last-error-customers').waitFor();
    await page.getByTestId('audit-open').click();
    await page.getByTestId('redemption-audit-row').first().waitFor();
    views.status = await visibleTexts(page);
    await screenshot(page, `translations-status-${language}`);
    await page.getByTestId('audit-tab-deadLetters').click();
    await expect.poll(() => page.getByTestId('redemption-audit-table').count()).toBe(0);
    await page.getByTestId('audit-card').locator('p.muted, [data-testid=dead-letter-audit-table]').first().waitFor();
    views.statusAudit = await visibleTexts(page);

    // Settings: every section in turn.
    await page.keyboard.press('F3');
    await page.locator('select').first().waitFor();
    for (const section of SECTIONS) {
      await page.locator(`#settings-tab-${section}`).click();
      await page.locator(`#settings-tab-${section}[aria-selected=true]`).waitFor();
      views[`settings-${section}`] = await visibleTexts(page);
    }
    await page.keyboard.press('F1');
    return views;
  };

  beforeAll(async () => {
    service = await startServiceProcess(['--demo', '--no-demo-feed', '--port', '0', '--till-id', 'TILL-A']);
    setupService = await startServiceProcess(['--port', '0', '--no-demo-feed']);
    // A field Custobar does not know: dropped, with a warning on the Status view to word in every language.
    const ingest = await fetch(`${service.base}/ingest/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${service.token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ external_id: 'CU-TRANSL8', first_name: 'Kaisa', phone_numbr: '+358401112222' }]),
    });
    expect(ingest.status).toBe(202);
    // A redemption before the visits: today's list, its void form, the dashboard's totals and the audit have something to show.
    // (expect.poll is for tests only: a plain wait here.)
    const until = async (ok: () => Promise<boolean>) => {
      for (const started = Date.now(); !(await ok()); await new Promise((r) => setTimeout(r, 200))) if (Date.now() - started > 15_000) throw new Error('timed out');
    };
    await api(service.base, service.token, 'scans.submit', { source: 'manual', raw: 'CU-7H3K9P2A' });
    await until(async () => (await api<{ value: { benefits: { id: string }[] } }>(service.base, service.token, 'checkout.get')).body.value.benefits.some((b) => b.id === 'B-1002'));
    const redeemed = (await api<{ value: { id: string } }>(service.base, service.token, 'checkout.redeem', { benefitId: 'B-1002' })).body.value;
    await until(async () => (await api<{ value: { id: string; state: string }[] }>(service.base, service.token, 'redemptions.today')).body.value.find((r) => r.id === redeemed.id)?.state === 'committed');
    // Custobar's upload API goes down: the Status view then shows the connection's problem and the
    // customers' last error, which the core reports by code.
    const sim = (await api<{ value: { custobar: { target: string } } }>(service.base, service.token, 'status.get')).body.value.custobar.target;
    const down = await fetch(`${sim}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uploads: { down: true } }) });
    expect(down.status).toBe(200);
    await fetch(`${service.base}/ingest/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${service.token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ external_id: 'CU-TRANSL9', first_name: 'Kalle' }]),
    });
    await until(async () => (await api<{ value: { types: { type: string; lastErrorCode: string | null }[] } }>(service.base, service.token, 'exports.status')).body.value.types.some((r) => r.type === 'customers' && r.lastErrorCode === 'custobar_unreachable'));
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser, service.url, { width: 420, height: 900 }));
    await page.getByRole('heading', { name: 'Till Companion' }).waitFor();
  });

  afterAll(async () => {
    await api(service.base, service.token, 'settings.update', { patch: { general: { language: 'en' } } }).catch(() => undefined);
    await browser?.close();
    await service?.stop();
    await setupService?.stop();
  });

  const leftovers = (language: Exclude<Language, 'en'>, view: string) => {
    const english = new Set(seen.en[view]);
    return (seen[language][view] ?? []).filter((text) => english.has(text) && !SAME_EVERYWHERE.has(text) && !SAME_IN[language].has(text) && !isCodeOrNumber(text));
  };

  it('visits every view in English first: the reference texts', async () => {
    seen.en = await visit('en');
    for (const [view, texts] of Object.entries(seen.en)) expect(texts.length, view).toBeGreaterThan(3);
    // The reference itself shows the core's words: the refusal of a web address, the unknown card.
    expect(seen.en.checkoutRefused).toContain('Not a loyalty card: this code is a web address.');
    expect(seen.en.checkoutNotFound).toContain('No customer has the card CU-0000000Z.');
    expect(seen.en.status!.some((text) => text.startsWith('Fields Custobar does not know were dropped from 1 records (Customers): phone_numbr.'))).toBe(true);
    expect(seen.en.status!.some((text) => /^Custobar cannot be reached \(E[A-Z]+\)\.$/.test(text))).toBe(true);
  });

  for (const language of ['fi', 'sv'] as const) {
    it(`in ${language}, no visible text of any view reads as in English`, async () => {
      seen[language] = await visit(language);
      for (const view of Object.keys(seen.en)) expect({ view, leftovers: leftovers(language, view) }).toEqual({ view, leftovers: [] });
      const unreachable = { fi: /^Custobariin ei saada yhteyttä \(E[A-Z]+\)\.$/, sv: /^Custobar kan inte nås \(E[A-Z]+\)\.$/ }[language];
      expect(seen[language].status!.some((text) => unreachable.test(text))).toBe(true);
      const warning = { fi: 'Kentät, joita Custobar ei tunne, pudotettiin 1 tietueesta (Asiakkaat): phone_numbr.', sv: 'Fält som Custobar inte känner till togs bort från 1 poster (Kunder): phone_numbr.' }[language];
      expect(seen[language].status!.some((text) => text.startsWith(warning))).toBe(true);
      // Money with the language's decimal comma.
      expect(seen[language].checkoutCustomer!.some((text) => /5,00\s€/.test(text))).toBe(true);
      expect(seen[language].checkoutCustomer!.some((text) => /5\.00/.test(text))).toBe(false);
    });
  }

  it('the setup screen of a fresh till has no English left in Finnish and Swedish either', async () => {
    const setup = await openPage(browser, setupService.url, { width: 420, height: 900 });
    const texts: Partial<Record<Language, string[]>> = {};
    const heading = { en: 'Set up this till', fi: 'Ota kassa käyttöön', sv: 'Ta kassan i bruk' } as const;
    await setup.page.getByRole('heading', { name: heading.en }).waitFor();
    texts.en = await visibleTexts(setup.page);
    for (const language of ['fi', 'sv'] as const) {
      await setup.page.getByLabel(/^(Language|Kieli|Språk)$/).selectOption(language);
      await setup.page.getByRole('heading', { name: heading[language] }).waitFor();
      const english = new Set(texts.en);
      const left = (await visibleTexts(setup.page)).filter((text) => english.has(text) && !SAME_EVERYWHERE.has(text) && !SAME_IN[language].has(text) && !isCodeOrNumber(text));
      expect({ language, left }).toEqual({ language, left: [] });
    }
    await setup.page.getByLabel('Språk').selectOption('en');
    expect(setup.problems, setup.problems.join('\n')).toEqual([]);
  });

  it('the no-token screen of service mode has no English left in Finnish and Swedish either', async () => {
    const texts: Partial<Record<Language, string[]>> = {};
    for (const language of ['en', 'fi', 'sv'] as const) {
      // Without settings to read, the browser's language picks the words.
      const context = await browser.newContext({ viewport: { width: 420, height: 900 }, locale: { en: 'en-GB', fi: 'fi-FI', sv: 'sv-FI' }[language] });
      const tokenless = await context.newPage();
      await tokenless.goto(`${service.base}/`);
      await tokenless.getByTestId('token-screen').waitFor();
      await expect.poll(() => tokenless.evaluate<string>('document.documentElement.lang')).toBe(language);
      texts[language] = await visibleTexts(tokenless);
      await context.close();
    }
    for (const language of ['fi', 'sv'] as const) {
      const english = new Set(texts.en);
      const left = texts[language]!.filter((text) => english.has(text) && !SAME_EVERYWHERE.has(text) && !SAME_IN[language].has(text) && !isCodeOrNumber(text));
      expect({ language, left }).toEqual({ language, left: [] });
    }
  });

  it('logged no errors in the browser', () => {
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
