import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser';
import type { PtyPair } from '../helpers/pty';
import { startScannerSession, type ScannerSession } from '../helpers/scanner-session';
import { api, type ServiceProcess } from '../helpers/service-process';

describe('scanning in the UI: service mode with --serial on a pty', () => {
  let pty: PtyPair;
  let service: ServiceProcess;
  let page: Page;

  let session: ScannerSession;

  beforeAll(async () => {
    session = await startScannerSession(['--demo']);
    ({ pty, service, page } = session);
    // Keys typed through the DevTools protocol arrive up to tens of ms apart on a busy 2-core machine,
    // where a real scanner types 1–20 ms apart: a wider gap (still below a person's 80+ ms) keeps these
    // tests about telling a burst from typing, not about the CI machine's scheduler.
    const res = await api(service.base, service.token, 'settings.update', { patch: { scanner: { wedge: { maxGapMs: 70 } } } });
    expect(res.status).toBe(200);
  });

  afterAll(async () => session?.close());

  it('shows a card written to the serial port in the Checkout view', async () => {
    await pty.write(']Q1CU-7H3K9P2A\r');
    await expect(page.getByTestId('scan-card-id').filter({ hasText: 'CU-7H3K9P2A' }).textContent()).resolves.toBe('CU-7H3K9P2A');
    await expect(page.getByTestId('scan-meta').textContent()).resolves.toMatch(/^Serial scanner · \d\d:\d\d:\d\d · QR Code$/);
    await screenshot(page, 'scanning-accepted');
  });

  it('shows why a product barcode is refused', async () => {
    await pty.write('6417182001239\r');
    await expect(page.getByTestId('scan-reason').textContent()).resolves.toBe('Not a loyalty card: this looks like an EAN-13 product code.');
    await screenshot(page, 'scanning-rejected');
  });

  it('never renders a payload as HTML', async () => {
    await pty.write('<img src=x onerror="document.title=1">\r');
    await page.getByTestId('scan-reason').filter({ hasText: 'characters a card number cannot have' }).waitFor();
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.title()).toBe('Till Companion');
  });

  it('takes a typed card number through the same rules', async () => {
    await page.getByPlaceholder('Type a card number and press Enter').fill('cu-typed-42');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('scan-card-id').filter({ hasText: 'cu-typed-42' }).textContent()).resolves.toBe('cu-typed-42');
    await expect(page.getByTestId('scan-meta').textContent()).resolves.toMatch(/^Typed/);
  });

  it('recognises a keyboard-wedge burst, even inside the manual entry field', async () => {
    await page.getByPlaceholder('Type a card number and press Enter').focus();
    await page.keyboard.type('CU-9R2W5X8L', { delay: 4 });
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('scan-card-id').filter({ hasText: 'CU-9R2W5X8L' }).textContent()).resolves.toBe('CU-9R2W5X8L');
    await expect(page.getByTestId('scan-meta').textContent()).resolves.toMatch(/^Keyboard scanner/);
    await expect(page.getByPlaceholder('Type a card number and press Enter').inputValue()).resolves.toBe('');
  });

  it('lists recent scans, newest first, through the contract and on the Status view', async () => {
    const recent = await api<{ value: { accepted: boolean; source: string; cardId?: string; reason?: string }[] }>(service.base, service.token, 'scans.recent');
    expect(recent.body.value.map((s) => [s.source, s.accepted])).toEqual([
      ['wedge', true],
      ['manual', true],
      ['serial', false],
      ['serial', false],
      ['serial', true],
    ]);
    await page.keyboard.press('F2');
    await expect(page.getByTestId('recent-scans').locator('li').first().textContent()).resolves.toContain('CU-9R2W5X8L');
    await screenshot(page, 'scanning-status');
  });

  it('offers pairing with an on-screen code', async () => {
    await page.keyboard.press('F3');
    await page.getByRole('tab', { name: 'Scanner' }).click();
    await page.getByRole('button', { name: 'Pair a scanner' }).click();
    const code = await page.getByTestId('pairing-code').textContent();
    expect(code).toMatch(/^PAIR-/);
    expect(await page.locator('img.pairing-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await page.keyboard.type(code!, { delay: 3 });
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('pairing-match').textContent()).resolves.toMatch(/Found: keyboard/);
    await page.getByRole('button', { name: 'Cancel' }).click();
  });
});
